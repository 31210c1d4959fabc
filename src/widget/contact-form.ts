/**
 * The contact form: the panel's second view, where the visitor leaves a name, email or phone for the
 * team. The server checks the fields; its field errors are shown beside each field.
 */
import { explainError, saveContact, type FieldError } from './chat-client.js';
import { focusComposer } from './composer.js';
import { addNote } from './message-log.js';
import { ICONS, makeElement, makeIconButton } from './widget-dom.js';
import { saveState, state, type Contact } from './widget-state.js';

type FieldKey = keyof Contact;

// autocomplete lets the browser fill in what it knows; maxlength stops a paste far longer than any real value.
const FIELDS: Array<[key: FieldKey, label: string, type: string, autocomplete: string, maxlength: string]> = [
  ['name', 'Name', 'text', 'name', '120'],
  ['email', 'Email', 'email', 'email', '254'],
  ['phone', 'Phone', 'tel', 'tel', '40'],
];

// One widget per page: createContactForm and createContactButton set these once, before any event.
let server: URL;
let chatParts: HTMLElement[] = [];
let form: HTMLFormElement;
let toggle: HTMLButtonElement;
const inputs = {} as Record<FieldKey, HTMLInputElement>;
const errors = {} as Record<FieldKey, HTMLParagraphElement>;
const keys = FIELDS.map(([key]) => key);

/** Builds the form, hidden. `parts` are the chat's parts of the panel (log, composer), hidden while it shows. */
export function createContactForm(chatServer: URL, parts: HTMLElement[]): HTMLFormElement {
  server = chatServer;
  chatParts = parts;
  const fields = FIELDS.map(([key, label, type, autocomplete, maxlength]) => {
    inputs[key] = makeElement('input', {
      id: `lcw-${key}`,
      name: key,
      type,
      autocomplete,
      maxlength,
      'aria-describedby': `lcw-${key}-err`,
    });
    errors[key] = makeElement('p', { class: 'err', id: `lcw-${key}-err` });
    return makeElement(
      'div',
      { class: 'field' },
      makeElement('label', { for: `lcw-${key}` }, label),
      inputs[key],
      errors[key],
    );
  });
  const formError = makeElement('p', { class: 'err', role: 'alert' });
  const submit = makeElement('button', { type: 'submit', class: 'btn' }, 'Send details');
  const back = makeElement('button', { type: 'button', class: 'btn ghost' }, 'Back to chat');
  form = makeElement(
    'form',
    // novalidate: the browser's own bubbles would not match the widget; the server's errors are shown instead.
    { class: 'form', 'aria-labelledby': 'lcw-form-title', novalidate: '' },
    makeElement('h3', { id: 'lcw-form-title' }, 'Leave your details'),
    makeElement('p', { class: 'lead' }, 'Share how to reach you and the team will get back to you.'),
    ...fields,
    formError,
    makeElement('div', { class: 'row' }, back, submit),
  );
  form.hidden = true;
  back.addEventListener('click', returnToChat);

  let saving = false;
  const saveForm = async (values: Contact): Promise<void> => {
    saving = true;
    submit.setAttribute('aria-disabled', 'true');
    submit.textContent = 'Sending…';
    try {
      await saveContact(server, state.clientId, values);
      state.contact = values;
      saveState();
      showChat();
      addNote(
        `Thanks${values.name ? `, ${values.name.split(' ')[0]}` : ''}! We've saved your details and the team will be in touch.`,
        undefined,
        true,
      );
      focusComposer();
    } catch (err) {
      const failure = explainError(err);
      const { first, general } = showFieldErrors(failure.errors);
      formError.textContent =
        first && general.length === 0
          ? 'Please check the highlighted fields.'
          : [failure.message, ...general].join(' ');
      (first ? inputs[first] : submit).focus();
    } finally {
      saving = false;
      submit.removeAttribute('aria-disabled');
      submit.textContent = 'Send details';
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (saving) return;
    const values: Contact = {
      name: inputs.name.value.trim(),
      email: inputs.email.value.trim(),
      phone: inputs.phone.value.trim(),
    };
    formError.textContent = '';
    showFieldErrors([]);
    if (!values.name && !values.email && !values.phone) {
      formError.textContent = 'Please fill in at least one way to reach you.';
      inputs.name.focus();
      return;
    }
    void saveForm(values);
  });
  return form;
}

/** The header button that opens the form, and closes it again. */
export function createContactButton(): HTMLButtonElement {
  toggle = makeIconButton(ICONS.contact, 'Leave your contact details');
  toggle.addEventListener('click', () => (form.hidden ? showForm() : returnToChat()));
  return toggle;
}

/** Focus for the panel's current view: the form's first field, or the composer. */
export function focusView(): void {
  if (form.hidden) focusComposer();
  else inputs.name.focus();
}

/** Back to the conversation: the form hides and the chat's parts show again. */
export function showChat(): void {
  showView(false);
}

function showForm(): void {
  // Filled from what was saved, so a second visit edits the details rather than starting blank.
  for (const key of keys) inputs[key].value = state.contact[key];
  showView(true);
  inputs.name.focus();
}

function showView(formShown: boolean): void {
  form.hidden = !formShown;
  for (const part of chatParts) part.hidden = formShown;
  toggle.setAttribute('aria-pressed', String(formShown));
}

function returnToChat(): void {
  showChat();
  focusComposer();
}

/** Marks the fields the server named; returns the first of them and the errors of no field. */
function showFieldErrors(list: FieldError[]): { first: FieldKey | undefined; general: string[] } {
  const general: string[] = [];
  for (const key of keys) {
    errors[key].textContent = '';
    inputs[key].removeAttribute('aria-invalid');
  }
  for (const e of list) {
    const key = keys.find((k) => k === e.field);
    if (key) {
      // The server words an error to follow the field's name: "is not a valid email address".
      errors[key].textContent = e.message
        ? `${key[0]?.toUpperCase()}${key.slice(1)} ${e.message}`
        : 'Please check this.';
      inputs[key].setAttribute('aria-invalid', 'true');
    } else if (e.message) general.push(e.message);
  }
  return { first: keys.find((k) => inputs[k].hasAttribute('aria-invalid')), general };
}
