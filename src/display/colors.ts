// The display's one diverging colour scale: ColorBrewer's RdBu reversed (negative blue, near-white
// at the middle of the domain, positive red), as Observable Plot draws it. heatmap hands the scale
// options to Plot; encodePng and imageHtml colour their pixels with the same Plot scale, so a
// kernel drawn as a heatmap and a feature map drawn as an image read the same.
import * as Plot from "@observablehq/plot";

/** Plot colour-scale options for the diverging scale over `domain` (values outside it clamp). */
export function divergingScale(domain: readonly [number, number]): Plot.ScaleOptions {
  return {
    type: "linear",
    domain: [domain[0], domain[1]],
    scheme: "rdbu",
    reverse: true,
    clamp: true,
  };
}

/** The same scale as a function from a value to [r, g, b] bytes (the colour Plot would fill). */
export function divergingRgb(
  domain: readonly [number, number],
): (value: number) => [number, number, number] {
  const scale = Plot.scale({ color: divergingScale(domain) });
  return (value) => parseRgb(String(scale.apply(value)));
}

/** "rgb(5, 48, 97)" -> [5, 48, 97]: the form Plot's interpolated schemes produce. */
function parseRgb(css: string): [number, number, number] {
  const m = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(css);
  if (m === null)
    throw new Error(`sepconv: the diverging scale gave ${JSON.stringify(css)}, not rgb(r, g, b)`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
