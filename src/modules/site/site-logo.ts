// The site's logo as the reader pages show it beside the name: the thumbnail of the image the settings name,
// scaled to the header's height. Looked up once per logo, not per request.
export interface SiteLogo { url: string; width: number; height: number }

/** The stored image's thumbnail (the images service's ref). */
export interface LogoImage { thumbUrl: string; thumbWidth: number; thumbHeight: number }

const LOGO_HEIGHT = 40;

/** The width at the header's height, keeping the thumbnail's proportions (never 0). */
const widthOf = (image: LogoImage) => Math.max(1, Math.round((LOGO_HEIGHT * image.thumbWidth) / Math.max(1, image.thumbHeight)));

export function createSiteLogo(deps: {
  /** The logo's image id from the settings, or null for none. */
  logoImageId: () => number | null;
  imageOf: (id: number) => Promise<LogoImage | undefined>;
}): () => Promise<SiteLogo | undefined> {
  let memo: { id: number; logo: SiteLogo | undefined } | undefined;
  return async () => {
    const id = deps.logoImageId();
    if (id === null) return undefined;
    if (memo?.id !== id) {
      const image = await deps.imageOf(id);
      memo = { id, logo: image && { url: image.thumbUrl, height: LOGO_HEIGHT, width: widthOf(image) } };
    }
    return memo.logo;
  };
}
