/**
 * Mail providers anyone can sign up with: an address on one of them names no business (neither the
 * visitor's company nor the business's own domain). A short closed list typed here: no package holds it.
 */
const WEBMAIL = new Set(
  `gmail googlemail yahoo ymail rocketmail hotmail outlook live msn icloud me mac aol proton protonmail pm gmx web
  mail email yandex zoho freemail interia onet wp o2 seznam centrum libero virgilio alice tiscali orange wanadoo free
  laposte sfr bluewin gmx aon chello telenet skynet hetnet ziggo kpnmail planet t-online online arcor naver daum hanmail
  qq 163 126 sina rediffmail bigpond optusnet xtra btinternet sky talktalk ntlworld comcast verizon att sbcglobal
  bellsouth cox charter earthlink shaw rogers sympatico videotron nauta uol bol terra ig globo abv mail2 inbox rambler
  ukr bk list tut hushmail fastmail tutanota zoznam post azet citromail`.split(/\s+/),
);

/** Whether a domain's name part ("gmail" of "gmail.com", "mail" of "mail.ru") is a webmail provider. */
export function isWebmailName(label: string): boolean {
  return WEBMAIL.has(label.toLowerCase());
}
