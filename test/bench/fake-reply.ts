/** The fake Gemini's reply in the benches (fake-gemini.child.ts), in its three streamed chunks. */
export const FAKE_REPLY_CHUNKS = [
  'Thanks for reaching out! ',
  'Yes, we build online stores; a small shop usually takes four to six weeks. ',
  'Could you share your email so we can send you a quote?',
];
