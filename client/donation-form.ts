// The donation form on /support: typing another amount chooses "Other amount", and choosing a preset clears
// it, so the radio the server reads always matches what the reader sees. (Without JavaScript the radio alone
// decides; see support-pages.tsx.)
export function installDonationForm(root: Document): void {
  const form = root.querySelector<HTMLFormElement>('#donation-form');
  if (!form) return;
  const other = form.querySelector<HTMLInputElement>('input[name=other_amount]');
  const otherRadio = form.querySelector<HTMLInputElement>('input[name=amount][value=other]');
  if (!other || !otherRadio) return;
  other.addEventListener('input', () => { if (other.value.trim() !== '') otherRadio.checked = true; });
  for (const preset of form.querySelectorAll<HTMLInputElement>('input[name=amount]:not([value=other])')) {
    preset.addEventListener('change', () => { if (preset.checked) other.value = ''; });
  }
}
