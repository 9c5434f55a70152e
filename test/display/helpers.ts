// Helpers for the display tests: decode our PNGs and pick Plot mark groups out of SVG strings.
import { PNG } from "pngjs";
import { expect } from "vitest";

export function decode(png: Buffer): { width: number; height: number; rgba: number[] } {
  const img = PNG.sync.read(png);
  return { width: img.width, height: img.height, rgba: Array.from(img.data) };
}

/** RGB of pixel (x, y). */
export function pixel(img: { width: number; rgba: number[] }, x: number, y: number): number[] {
  const o = (y * img.width + x) * 4;
  return img.rgba.slice(o, o + 3);
}

/**
 * The markup of every Plot mark group labelled `label` (aria-label="bar", "text", "x-axis tick
 * label"...): from the label to the next aria-label or the end of its <svg>, so nested facet
 * groups are included.
 */
export function markGroups(html: string, label: string): string[] {
  const re = new RegExp(`aria-label="${label}"(.*?)(?=aria-label="|</svg>)`, "gs");
  return [...html.matchAll(re)].map((m) => m[1]!);
}

export function count(html: string, needle: string): number {
  return html.split(needle).length - 1;
}

/** Text contents of the <text> elements in a fragment. */
export function texts(fragment: string): string[] {
  return [...fragment.matchAll(/<text\b[^>]*?(?:\/>|>(.*?)<\/text>)/gs)].map((m) => m[1] ?? "");
}

export { expectError } from "../helpers";

/** Nothing that would need the network or run code in the notebook. */
export function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/<script|<link|@import|https?:\/\/(?!www\.w3\.org)/);
}
