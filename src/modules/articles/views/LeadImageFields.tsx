// The editor's lead image fields: the image's number (from an upload: "Use as the lead image" below fills
// it in), its caption and its credit, with the current image shown small.
import type { ArticleLead } from '../lead-image.js';
import type { EditorValues, FieldErrors } from './ArticleEditor.js';

export function LeadImageFields({ values: v, errors, lead }: { values: EditorValues; errors: FieldErrors; lead: ArticleLead | undefined }) {
  const field = (k: 'leadImageId' | 'leadCaption' | 'leadCredit', label: string, extra: Record<string, unknown>, hint?: string) => (
    <label>
      {label}
      {hint && <span class="field-hint">{hint}</span>}
      <input name={k} value={v[k]} {...extra} {...(errors[k] ? { 'aria-invalid': 'true', 'aria-describedby': `${k}-error` } : {})} />
      {errors[k] && <span class="field-error" id={`${k}-error`}>{errors[k]}</span>}
    </label>
  );
  return (
    <fieldset class="lead-image-fields">
      <legend>Lead image</legend>
      {lead && String(lead.id) === v.leadImageId && (
        <p><img src={lead.thumbUrl} alt={lead.alt} width={Math.min(lead.thumbWidth, 160)} height={Math.round(lead.thumbHeight * Math.min(1, 160 / lead.thumbWidth))} /></p>
      )}
      {field('leadImageId', 'Image number', { inputmode: 'numeric', autocomplete: 'off' },
        'The number of an uploaded image (its address ends in /media/images/NUMBER), or upload one below with “Use as the lead image”. Empty: none.')}
      {field('leadCaption', 'Caption', { maxLength: 300 }, 'Empty: the image\'s own caption, if it has one.')}
      {field('leadCredit', 'Credit (photographer, agency)', { maxLength: 120 })}
    </fieldset>
  );
}
