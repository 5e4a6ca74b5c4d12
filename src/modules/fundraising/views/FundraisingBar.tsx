import type { Campaign } from '../campaigns.service.js';
import { formatMoney } from '../../../ui/format.js';

/** The site-wide bar: month, scale marks at 0, half the goal and the goal, the amount raised, and a link to give. */
export function FundraisingBar({ campaign }: { campaign: Campaign }) {
  const { goalMinor, raisedMinor, currency } = campaign;
  const pct = Math.min(100, (raisedMinor / goalMinor) * 100);
  const marks = [0, Math.round(goalMinor / 2), goalMinor];
  return (
    <section class="fundraising" aria-label={`Fundraising for ${campaign.label}`}>
      <div class="fundraising-inner">
        <strong class="fundraising-month">{campaign.label}</strong>
        <div class="fundraising-meter">
          <div class="fundraising-track" role="progressbar" aria-label="Fundraising progress" aria-valuemin={0} aria-valuemax={goalMinor} aria-valuenow={raisedMinor}
            aria-valuetext={`${campaign.raisedFormatted} raised of ${campaign.goalFormatted}`}>
            <div class="fundraising-fill" style={`width:${pct.toFixed(2)}%`} />
          </div>
          <ol class="fundraising-scale">
            {marks.map((m, i) => (
              <li key={i} style={`left:${i * 50}%`}>{formatMoney(m, currency)}</li>
            ))}
          </ol>
        </div>
        <p class="fundraising-raised"><span class="amount">{campaign.raisedFormatted}</span> raised</p>
        <a class="button primary fundraising-give" href="/support">Donate</a>
      </div>
    </section>
  );
}
