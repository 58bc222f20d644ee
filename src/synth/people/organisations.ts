/**
 * Organisation numbers and real-sounding names for workplaces and pharmacies.
 *
 * Organisation numbers (Enhetsregisteret) have 9 digits; the last is a modulus-11 check digit over
 * the first eight with weights 3 2 7 6 5 4 3 2 (a remainder giving 10 is never issued).
 */

const ORGNR_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/** The check digit for eight digits, or null when none exists. */
export function orgnrCheckDigit(first8: string): number | null {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (first8.charCodeAt(i) - 48) * ORGNR_WEIGHTS[i]!;
  const k = (11 - (sum % 11)) % 11;
  return k === 10 ? null : k;
}

export function isValidOrgnr(value: string): boolean {
  return /^[89]\d{8}$/.test(value) && orgnrCheckDigit(value.slice(0, 8)) === Number(value[8]);
}

/** Distinct valid organisation numbers from a block (e.g. 92 000 000 → 920000000-range). */
export class OrgnrSequence {
  private next8: number;
  constructor(start8: number) {
    this.next8 = start8;
  }
  next(): string {
    for (;;) {
      const first8 = String(this.next8++);
      const k = orgnrCheckDigit(first8);
      if (k !== null) return first8 + String(k);
    }
  }
}

/** Neighbourhoods used for workplace and pharmacy names in the largest cities (by 2024 code). */
export const NEIGHBOURHOODS: Readonly<Record<string, readonly string[]>> = {
  '0301': ['Majorstuen', 'Grünerløkka', 'Frogner', 'Sagene', 'Torshov', 'Grorud', 'Stovner', 'Bøler', 'Lambertseter', 'Nordstrand',
    'Holmlia', 'Ullevål', 'Tøyen', 'Bjerke', 'Furuset', 'Romsås', 'Vinderen', 'Røa', 'Skøyen', 'St. Hanshaugen', 'Kampen', 'Ensjø',
    'Ryen', 'Manglerud', 'Bryn', 'Helsfyr', 'Økern', 'Linderud', 'Tåsen', 'Nydalen', 'Storo', 'Bislett', 'Smestad',
    'Mortensrud', 'Hauketo', 'Vålerenga', 'Kalbakken', 'Ammerud', 'Haugerud', 'Tveita', 'Oppsal', 'Holmen', 'Montebello'],
  '4601': ['Fyllingsdalen', 'Laksevåg', 'Åsane', 'Fana', 'Ytrebygda', 'Arna', 'Loddefjord', 'Nesttun', 'Sandviken', 'Landås',
    'Danmarksplass', 'Minde', 'Paradis', 'Kronstad', 'Sletten', 'Lagunen', 'Oasen', 'Bønes', 'Kokstad', 'Eidsvåg'],
  '5001': ['Lade', 'Moholt', 'Heimdal', 'Byåsen', 'Saupstad', 'Nardo', 'Tiller', 'Ranheim', 'Ila', 'Møllenberg', 'Lerkendal',
    'Kattem', 'Sjetne', 'Risvollan', 'Singsaker', 'Bakklandet', 'Klæbu', 'Charlottenlund'],
  '1103': ['Madla', 'Hillevåg', 'Hinna', 'Tasta', 'Storhaug', 'Eiganes', 'Våland', 'Kvernevik', 'Hundvåg', 'Jåttå', 'Forus', 'Finnøy'],
  '3201': ['Sandvika', 'Bekkestua', 'Stabekk', 'Fornebu', 'Rud', 'Bærums Verk', 'Lysaker', 'Høvik', 'Kolsås', 'Eiksmarka'],
  '4204': ['Vågsbygd', 'Lund', 'Randesund', 'Grim', 'Tinnheia', 'Hånes', 'Sørlandsparken', 'Søgne', 'Kvadraturen'],
  '5501': ['Tromsdalen', 'Kroken', 'Langnes', 'Hamna', 'Stakkevollan', 'Kvaløysletta', 'Jekta'],
  '3301': ['Bragernes', 'Strømsø', 'Fjell', 'Åssiden', 'Gulskogen', 'Mjøndalen', 'Svelvik'],
  '3203': ['Heggedal', 'Vollen', 'Slemmestad', 'Røyken', 'Hurum', 'Nesbru', 'Billingstad'],
  '3205': ['Lillestrøm', 'Strømmen', 'Skedsmokorset', 'Kjeller', 'Fetsund', 'Sørumsand', 'Leirsund'],
};

/** Place names to build names from: the city's neighbourhoods, or the municipality's own name. */
export function placesOf(code: string, place: string): readonly string[] {
  return NEIGHBOURHOODS[code] ?? [place];
}

/**
 * The k-th distinct name from places × patterns (`{p}` is the place); beyond that, numbered.
 * Deterministic: the same k always gives the same name.
 */
export function nthName(k: number, places: readonly string[], patterns: readonly string[]): string {
  const place = places[k % places.length]!;
  const round = Math.floor(k / places.length);
  const pattern = patterns[round % patterns.length]!;
  const name = pattern.replace('{p}', place);
  const lap = Math.floor(round / patterns.length);
  return lap === 0 ? name : `${name} ${lap + 1}`;
}
