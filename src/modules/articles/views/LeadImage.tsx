// The lead image: above the article as a figure (caption, then the credit marked apart), and as a thumbnail
// in listings (LeadThumb: any listing of articles may use it).
import type { ArticleLead } from '../lead-image.js';

const srcset = (l: ArticleLead) => `${l.thumbUrl} ${String(l.thumbWidth)}w, ${l.fullUrl} ${String(l.width)}w`;

export function LeadFigure({ lead }: { lead: ArticleLead }) {
  return (
    <figure class="lead-image article-image">
      <a class="full-size" href={lead.fullUrl} data-lightbox>
        <img src={lead.thumbUrl} srcset={srcset(lead)} sizes="(max-width: 800px) 100vw, 800px" alt={lead.alt}
          width={lead.thumbWidth} height={lead.thumbHeight} fetchpriority="high" />
      </a>
      {(lead.caption || lead.credit) && (
        <figcaption>
          {lead.caption && <span class="caption">{lead.caption}</span>}
          {lead.caption && lead.credit && ' '}
          {lead.credit && <small class="credit">Credit: {lead.credit}</small>}
        </figcaption>
      )}
    </figure>
  );
}

/** A listing's small picture of the article (decorative: the title beside it says what it is about). */
export function LeadThumb({ lead }: { lead: ArticleLead | undefined }) {
  if (!lead) return null;
  return <img class="lead-thumb" src={lead.thumbUrl} alt="" width={lead.thumbWidth} height={lead.thumbHeight} loading="lazy" />;
}
