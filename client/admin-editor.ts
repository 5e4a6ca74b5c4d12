// The article editor's enhancements: a live preview of the Markdown, and images dropped, pasted or picked
// into the text (uploaded through the API, their Markdown inserted at the cursor). Without JavaScript the
// page works on its own: the preview shows the saved text, and a plain form uploads images.
import { api, ApiFailure, setCsrfToken } from './api.js';

const PREVIEW_DELAY_MS = 300;

interface UploadedImage { image: { markdown: string } }

export function mountEditor(doc: Document): void {
  const textarea = doc.querySelector<HTMLTextAreaElement>('textarea[data-editor-body]');
  const preview = doc.querySelector<HTMLElement>('[data-preview]');
  const status = doc.querySelector<HTMLElement>('[data-editor-status]');
  if (!textarea || !preview || !status || textarea.disabled || textarea.closest('fieldset')?.disabled) return;
  const csrf = doc.body.dataset.csrf;
  setCsrfToken(csrf);

  const say = (message: string, isError = false) => {
    status.textContent = message;
    status.classList.toggle('field-error', isError);
  };

  // Live preview: the server renders it exactly as the article page will. Answers that arrive after a
  // newer request was sent are dropped.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sent = 0;
  let previewFailed = false;
  async function refreshPreview() {
    clearTimeout(timer);
    const mine = ++sent;
    try {
      const { html } = await api<{ html: string }>('POST', '/api/v1/admin/preview', { markdown: textarea!.value });
      if (mine !== sent) return;
      preview!.innerHTML = html;
      if (previewFailed) { previewFailed = false; say(''); }
    } catch (err) {
      if (mine !== sent) return;
      previewFailed = true;
      say(`Preview not updated: ${err instanceof ApiFailure ? err.message : 'something went wrong'}`, true);
    }
  }
  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refreshPreview(), PREVIEW_DELAY_MS);
  });

  /** Puts the Markdown at the cursor in a paragraph of its own; with no description, the cursor goes between the brackets. */
  function insertAtCursor(markdown: string) {
    const { selectionStart: start, selectionEnd: end, value } = textarea!;
    const before = value.slice(0, start);
    const after = value.slice(end);
    const pre = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
    const post = after.startsWith('\n\n') ? '' : after.startsWith('\n') || after === '' ? '\n' : '\n\n';
    textarea!.setRangeText(pre + markdown + post, start, end, 'end');
    if (markdown.startsWith('![]')) {
      const at = start + pre.length + 2;
      textarea!.setSelectionRange(at, at);
    }
    textarea!.focus();
    textarea!.dispatchEvent(new Event('input', { bubbles: true }));
  }

  // Uploads one file with progress (fetch cannot report upload progress; XMLHttpRequest can).
  const progress = doc.createElement('progress');
  progress.max = 100;
  progress.hidden = true;
  function upload(file: File, alt = '', extra: Record<string, string> = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const body = new FormData();
      body.append('alt', alt);
      for (const [k, v] of Object.entries(extra)) body.append(k, v);
      body.append('file', file);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/v1/admin/images');
      xhr.setRequestHeader('accept', 'application/json');
      if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100); };
      xhr.onerror = () => reject(new Error('Could not reach the server. Please try again.'));
      xhr.onload = () => {
        let data: Partial<UploadedImage> & { error?: { message?: string } } = {};
        try { data = JSON.parse(xhr.responseText) as typeof data; } catch { /* not JSON */ }
        if (xhr.status >= 200 && xhr.status < 300 && data.image) resolve(data.image.markdown);
        else reject(new Error(data.error?.message ?? `Upload failed (HTTP ${xhr.status})`));
      };
      xhr.send(body);
    });
  }

  let queue = Promise.resolve();
  /** Uploads the images one after another, inserting each where the cursor is. */
  function insertImages(files: File[], alt = '', extra: Record<string, string> = {}) {
    const pictures = files.filter((f) => f.type.startsWith('image/'));
    if (pictures.length === 0) { say('Only image files can be added here.', true); return; }
    for (const file of pictures) {
      queue = queue.then(async () => {
        say(`Uploading ${file.name}…`);
        progress.value = 0;
        progress.hidden = false;
        try {
          const markdown = await upload(file, alt, extra);
          insertAtCursor(markdown);
          say(markdown.startsWith('![]') ? `Inserted ${file.name}. Describe the image between the square brackets.` : `Inserted ${file.name}.`);
        } catch (err) {
          say(`${file.name} was not added: ${(err as Error).message}`, true);
        } finally {
          progress.hidden = true;
        }
      });
    }
  }

  // Drag and drop, and pasting, onto the text.
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  textarea.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer!.dropEffect = 'copy';
    textarea.classList.add('drop-target');
  });
  textarea.addEventListener('dragleave', () => textarea.classList.remove('drop-target'));
  textarea.addEventListener('drop', (e) => {
    textarea.classList.remove('drop-target');
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length === 0) return;
    e.preventDefault();
    insertImages(files);
  });
  textarea.addEventListener('paste', (e) => {
    const files = Array.from(e.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/'));
    if (files.length === 0) return;
    e.preventDefault();
    insertImages(files);
  });

  // "Insert image": a file picker.
  const tools = doc.querySelector<HTMLElement>('[data-editor-tools]');
  if (tools) {
    const picker = doc.createElement('input');
    picker.type = 'file';
    picker.accept = 'image/jpeg,image/png,image/webp,image/gif,image/avif';
    picker.multiple = true;
    picker.hidden = true;
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'button';
    button.textContent = 'Insert image';
    button.addEventListener('click', () => picker.click());
    picker.addEventListener('change', () => {
      insertImages(Array.from(picker.files ?? []));
      picker.value = '';
    });
    const hint = doc.createElement('span');
    hint.className = 'field-hint';
    hint.textContent = 'or drop or paste images into the text';
    tools.append(button, picker, hint, progress);
  }

  // The upload form below the editor: with JavaScript it inserts at the cursor instead of reloading the page.
  const imageForm = doc.querySelector<HTMLFormElement>('form[data-image-form]');
  if (imageForm) {
    const hint = imageForm.querySelector<HTMLElement>('[data-image-hint]');
    if (hint) hint.textContent = 'The image goes where the cursor is in the text.';
    imageForm.addEventListener('submit', (e) => {
      const file = imageForm.querySelector<HTMLInputElement>('input[type=file]')?.files?.[0];
      // A lead image is posted as without JavaScript: the page comes back with it set.
      if (!file || imageForm.querySelector<HTMLInputElement>('input[name=asLead]')?.checked) return;
      e.preventDefault();
      const alt = imageForm.querySelector<HTMLInputElement>('input[name=alt]')?.value.trim() ?? '';
      const field = (name: string) => imageForm.querySelector<HTMLInputElement>(`input[name=${name}]`)?.value.trim() ?? '';
      insertImages([file], alt, { caption: field('caption'), credit: field('credit') });
      imageForm.reset();
    });
  }

  // Unsaved text is not lost to a stray click.
  const form = textarea.form;
  let dirty = false;
  form?.addEventListener('input', () => { dirty = true; });
  form?.addEventListener('submit', () => { dirty = false; });
  window.addEventListener('beforeunload', (e) => {
    if (!dirty) return;
    e.preventDefault();
    e.returnValue = '';
  });
}
