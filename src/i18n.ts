// The one setting that picks the language of student-facing text (check() output, exercise
// descriptions, grader feedback, generated sentences in the notebooks). English by default;
// a Chinese notebook calls setLanguage("zh") in its first cell, `sepconv release --lang zh`
// writes a release whose notebooks do, and `sepconv grade --lang zh` sets it for the feedback.
import { choiceOption, failOption } from "./options";

export const LANGUAGES = ["en", "zh"] as const;
export type Language = (typeof LANGUAGES)[number];

let current: Language = "en";

/** Checks a language name: `lang must be one of "en", "zh", got "fr"` (an OptionError). */
function languageOption(op: string, name: string, value: unknown): Language | undefined {
  return choiceOption(op, name, value, LANGUAGES);
}

/** Sets the language of student-facing text for this process; returns the previous one. */
export function setLanguage(lang: Language): Language {
  const next = languageOption("setLanguage", "lang", lang);
  if (next === undefined) failOption("setLanguage", "lang", lang, 'one of "en", "zh"');
  const previous = current;
  current = next;
  return previous;
}

/** The language student-facing text is written in now. */
export function language(): Language {
  return current;
}

/** The text for the current language (or `lang`) from one entry per language. */
export function pick<T>(texts: Readonly<Record<Language, T>>, lang: Language = current): T {
  return texts[lang];
}
