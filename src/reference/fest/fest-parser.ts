import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';
import { atcLevel } from '../../shared/atc.js';
import { issue, type Issue } from '../../shared/outcome.js';

/**
 * Streaming reader for FEST M30 catalogues. Real FEST files are hundreds of MB, so the file is read in
 * chunks and only one catalogue entry (`Oppf…`) is held in memory at a time, as a small element tree.
 * Works on whole catalogues (`<FEST>` root) and on bare entries (as in the real fixtures).
 */

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
  line: number;
}

export interface FestPrice {
  type: string;
  amount: number;
  currency: string | null;
  validFrom: string | null;
}

export interface FestPack {
  line: number;
  festId: string | null;
  timestamp: string | null;
  status: string | null;
  varenr: string;
  name: string | null;
  atc: string | null;
  atcName: string | null;
  reseptgruppe: string | null;
  formCode: string | null;
  formName: string | null;
  merkevareRef: string | null;
  pakningsstr: string | null;
  packUnit: string | null;
  antall: number | null;
  mengde: number | null;
  dddValue: number | null;
  dddUnit: string | null;
  statistikkfaktor: number | null;
  prices: FestPrice[];
}

export interface FestMerkevare {
  line: number;
  festId: string;
  atc: string | null;
  name: string | null;
  varenavn: string | null;
  /** references to VirkestoffMedStyrke, in `Sortering` order */
  strengthRefs: string[];
}

export interface FestStrength {
  line: number;
  festId: string;
  substanceRef: string | null;
  value: number | null;
  unit: string | null;
  denominatorValue: number | null;
  denominatorUnit: string | null;
}

export interface FestSubstance {
  line: number;
  festId: string;
  name: string | null;
  nameEnglish: string | null;
  atc: string | null;
}

export interface FestDose {
  line: number;
  festId: string | null;
  atc: string | null;
  name: string | null;
  lmrLopenr: string | null;
  amount: number | null;
  unit: string | null;
  packRef: string | null;
  merkevareRef: string | null;
}

export interface FestHandlers {
  pack?(p: FestPack): void;
  merkevare?(m: FestMerkevare): void;
  strength?(s: FestStrength): void;
  substance?(s: FestSubstance): void;
  dose?(d: FestDose): void;
  /** the catalogue's `HentetDato`, when present */
  catalogueDate?(date: string): void;
}

export interface FestParseResult {
  entries: Record<string, number>;
  issues: Issue[];
}

const ENTRY_KINDS = new Set([
  'OppfLegemiddelpakning',
  'OppfLegemiddelMerkevare',
  'OppfVirkestoffMedStyrke',
  'OppfVirkestoff',
  'OppfLegemiddeldose',
]);

const localName = (qname: string): string => {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
};

function child(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let cur = node;
  for (const name of path) {
    cur = cur?.children.find((c) => c.name === name);
    if (!cur) return undefined;
  }
  return cur;
}

function children(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

const text = (node: XmlNode | undefined): string | null => {
  const t = node?.text.trim();
  return t ? t : null;
};

/** The main element of an entry: the one child that is not Id/Tidspunkt/Status. */
function body(entry: XmlNode): XmlNode | undefined {
  return entry.children.find((c) => !['Id', 'Tidspunkt', 'Status'].includes(c.name));
}

/** Reads numbers as FEST writes them: `.` decimals; tolerates `,` decimals. */
function num(raw: string | null | undefined): number | null | 'bad' {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const n = Number(raw.trim().replace(',', '.'));
  return Number.isFinite(n) ? n : 'bad';
}


export class FestEntryReader {
  constructor(
    private readonly file: string,
    private readonly issues: Issue[],
  ) {}

  private bad(node: XmlNode, path: string, message: string, rule: string): void {
    this.issues.push(issue('invalid', message, { path, rule, location: { file: this.file, line: node.line, element: node.name } }));
  }

  private number(entry: XmlNode, node: XmlNode | undefined, path: string, raw: string | null | undefined): number | null {
    const n = num(raw);
    if (n === 'bad') {
      this.bad(node ?? entry, path, `not a number`, 'FEST-NUMBER');
      return null;
    }
    return n;
  }

  pack(entry: XmlNode): FestPack | null {
    const lp = body(entry);
    const base = `${entry.name}/${lp?.name ?? 'Legemiddelpakning'}`;
    if (!lp) {
      this.bad(entry, base, 'entry has no Legemiddelpakning element', 'FEST-STRUCTURE');
      return null;
    }
    const varenrRaw = text(child(lp, 'Varenr'));
    if (!varenrRaw) {
      this.bad(lp, `${base}/Varenr`, 'Varenr is missing', 'FEST-VARENR');
      return null;
    }
    if (!/^\d{1,6}$/.test(varenrRaw)) {
      this.bad(child(lp, 'Varenr')!, `${base}/Varenr`, 'Varenr must be 1–6 digits', 'FEST-VARENR');
      return null;
    }
    const atcNode = child(lp, 'Atc');
    const atc = atcNode?.attrs.V?.trim() || null;
    if (atc && atcLevel(atc) === null) this.bad(atcNode!, `${base}/Atc@V`, `'${atc}' is not an ATC code`, 'FEST-ATC');
    const info = child(lp, 'Pakningsinfo');
    const ddd = child(info, 'DDD');
    const form = child(lp, 'LegemiddelformKort');
    const unit = child(info, 'EnhetPakning');
    const prices: FestPrice[] = [];
    for (const pv of children(lp, 'PrisVare')) {
      const pris = child(pv, 'Pris');
      const amount = this.number(entry, pris, `${base}/PrisVare/Pris@V`, pris?.attrs.V);
      if (amount === null) {
        if (!pris?.attrs.V) this.bad(pv, `${base}/PrisVare/Pris@V`, 'price has no amount', 'FEST-PRICE');
        continue;
      }
      const validFrom = text(child(pv, 'GyldigFraDato'));
      if (validFrom && !/^\d{4}-\d\d-\d\d/.test(validFrom)) {
        this.bad(child(pv, 'GyldigFraDato')!, `${base}/PrisVare/GyldigFraDato`, 'not a date (YYYY-MM-DD)', 'FEST-DATE');
        continue;
      }
      prices.push({ type: child(pv, 'Type')?.attrs.V ?? '', amount, currency: pris?.attrs.U ?? null, validFrom: validFrom?.slice(0, 10) ?? null });
    }
    const dddValue = this.number(entry, ddd, `${base}/Pakningsinfo/DDD@V`, ddd?.attrs.V);
    if (ddd && dddValue === null && !ddd.attrs.V) this.bad(ddd, `${base}/Pakningsinfo/DDD@V`, 'DDD has no value', 'FEST-DDD');
    if (dddValue !== null && dddValue <= 0) this.bad(ddd!, `${base}/Pakningsinfo/DDD@V`, 'DDD must be positive', 'FEST-DDD');
    return {
      line: entry.line,
      festId: text(child(lp, 'Id')) ?? text(child(entry, 'Id')),
      timestamp: text(child(entry, 'Tidspunkt')),
      status: child(entry, 'Status')?.attrs.V ?? null,
      varenr: varenrRaw.padStart(6, '0'),
      name: text(child(lp, 'NavnFormStyrke')),
      atc,
      atcName: atcNode?.attrs.DN ?? null,
      reseptgruppe: child(lp, 'Reseptgruppe')?.attrs.V ?? null,
      formCode: form?.attrs.V ?? null,
      formName: form?.attrs.DN ?? null,
      merkevareRef: text(child(info, 'RefLegemiddelMerkevare')),
      pakningsstr: text(child(info, 'Pakningsstr')),
      packUnit: unit?.attrs.V ?? null,
      antall: this.number(entry, child(info, 'Antall'), `${base}/Pakningsinfo/Antall`, text(child(info, 'Antall'))),
      mengde: this.number(entry, child(info, 'Mengde'), `${base}/Pakningsinfo/Mengde`, text(child(info, 'Mengde'))),
      dddValue: dddValue !== null && dddValue > 0 ? dddValue : null,
      dddUnit: ddd?.attrs.U ?? null,
      statistikkfaktor: this.number(entry, child(info, 'Statistikkfaktor'), `${base}/Pakningsinfo/Statistikkfaktor`, text(child(info, 'Statistikkfaktor'))),
      prices,
    };
  }

  merkevare(entry: XmlNode): FestMerkevare | null {
    const m = body(entry);
    const id = text(child(m, 'Id'));
    if (!m || !id) {
      this.bad(entry, `${entry.name}/LegemiddelMerkevare/Id`, 'merkevare has no Id', 'FEST-STRUCTURE');
      return null;
    }
    const refs = children(m, 'SortertVirkestoffMedStyrke')
      .map((s) => ({ sort: Number(text(child(s, 'Sortering')) ?? 0), ref: text(child(s, 'RefVirkestoffMedStyrke')) }))
      .filter((s): s is { sort: number; ref: string } => s.ref !== null)
      .sort((a, b) => a.sort - b.sort)
      .map((s) => s.ref);
    return {
      line: entry.line,
      festId: id,
      atc: child(m, 'Atc')?.attrs.V ?? null,
      name: text(child(m, 'NavnFormStyrke')),
      varenavn: text(child(m, 'Varenavn')),
      strengthRefs: refs,
    };
  }

  strength(entry: XmlNode): FestStrength | null {
    const v = body(entry);
    const id = text(child(v, 'Id'));
    if (!v || !id) {
      this.bad(entry, `${entry.name}/VirkestoffMedStyrke/Id`, 'substance strength has no Id', 'FEST-STRUCTURE');
      return null;
    }
    const s = child(v, 'Styrke');
    const d = child(v, 'StyrkeNevner');
    const base = `${entry.name}/VirkestoffMedStyrke`;
    return {
      line: entry.line,
      festId: id,
      substanceRef: text(child(v, 'RefVirkestoff')),
      value: this.number(entry, s, `${base}/Styrke@V`, s?.attrs.V),
      unit: s?.attrs.U ?? null,
      denominatorValue: this.number(entry, d, `${base}/StyrkeNevner@V`, d?.attrs.V),
      denominatorUnit: d?.attrs.U ?? null,
    };
  }

  substance(entry: XmlNode): FestSubstance | null {
    const v = body(entry);
    const id = text(child(v, 'Id'));
    if (!v || !id) {
      this.bad(entry, `${entry.name}/Virkestoff/Id`, 'substance has no Id', 'FEST-STRUCTURE');
      return null;
    }
    return { line: entry.line, festId: id, name: text(child(v, 'Navn')), nameEnglish: text(child(v, 'NavnEngelsk')), atc: child(v, 'Atc')?.attrs.V ?? null };
  }

  dose(entry: XmlNode): FestDose | null {
    const d = body(entry);
    if (!d) return null;
    const mengde = child(d, 'Mengde');
    return {
      line: entry.line,
      festId: text(child(d, 'Id')),
      atc: child(d, 'Atc')?.attrs.V ?? null,
      name: text(child(d, 'NavnFormStyrke')),
      lmrLopenr: text(child(d, 'LmrLopenr')),
      amount: this.number(entry, mengde, `${entry.name}/Legemiddeldose/Mengde@V`, mengde?.attrs.V),
      unit: mengde?.attrs.U ?? null,
      packRef: text(child(d, 'RefPakning')),
      merkevareRef: text(child(d, 'RefLegemiddelMerkevare')),
    };
  }
}

/** Streams a FEST file and hands each entry to the handlers. Structural XML errors stop the parse. */
export async function parseFest(file: string, handlers: FestHandlers): Promise<FestParseResult> {
  const issues: Issue[] = [];
  const reader = new FestEntryReader(file, issues);
  const entries: Record<string, number> = {};
  const parser = new SaxesParser({ position: true });
  let stack: XmlNode[] = [];
  let inEntry = false;
  let depth = 0;
  let inHentetDato = false;
  let hentetDato = '';
  let fatal: Issue | undefined;

  parser.on('opentag', (tag) => {
    depth++;
    const name = localName(tag.name);
    if (!inEntry && ENTRY_KINDS.has(name)) {
      inEntry = true;
      stack = [];
    }
    if (!inEntry) {
      inHentetDato = name === 'HentetDato' && depth === 2;
      return;
    }
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes as Record<string, string | { value: string }>)) attrs[localName(k)] = typeof v === 'string' ? v : v.value;
    const node: XmlNode = { name, attrs, text: '', children: [], line: parser.line };
    stack[stack.length - 1]?.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    if (inEntry) {
      const top = stack[stack.length - 1];
      if (top) top.text += t;
    } else if (inHentetDato) hentetDato += t;
  });
  parser.on('closetag', () => {
    depth--;
    if (!inEntry) {
      if (inHentetDato && hentetDato.trim()) handlers.catalogueDate?.(hentetDato.trim());
      inHentetDato = false;
      return;
    }
    const node = stack.pop()!;
    if (stack.length > 0) return;
    inEntry = false;
    entries[node.name] = (entries[node.name] ?? 0) + 1;
    switch (node.name) {
      case 'OppfLegemiddelpakning': {
        const p = reader.pack(node);
        if (p) handlers.pack?.(p);
        break;
      }
      case 'OppfLegemiddelMerkevare': {
        const m = reader.merkevare(node);
        if (m) handlers.merkevare?.(m);
        break;
      }
      case 'OppfVirkestoffMedStyrke': {
        const s = reader.strength(node);
        if (s) handlers.strength?.(s);
        break;
      }
      case 'OppfVirkestoff': {
        const s = reader.substance(node);
        if (s) handlers.substance?.(s);
        break;
      }
      case 'OppfLegemiddeldose': {
        const d = reader.dose(node);
        if (d) handlers.dose?.(d);
        break;
      }
      default:
        break;
    }
  });
  parser.on('error', (err) => {
    fatal ??= issue('structure', `malformed XML: ${err.message.replace(/^.*?:\d+:\d+: /, '')}`, {
      rule: 'FEST-XML',
      location: { file, line: parser.line },
    });
  });

  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) {
      parser.write(chunk as string);
      if (fatal) break;
    }
    if (!fatal) parser.close();
  } finally {
    stream.destroy();
  }
  if (fatal) issues.unshift(fatal);
  return { entries, issues };
}
