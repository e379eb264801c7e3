import { chainForAsset, chainOfAssetCode, displayAddress, normalizeAddress, type Chain } from '../../../common/chain';

/** A digital currency address as OFAC listed it, with the chain it belongs to. */
export interface ListedCryptoAddress {
  /** OFAC's asset code, as written: XBT, ETH, USDT, ... */
  readonly asset: string;
  /** The address exactly as OFAC wrote it. */
  readonly listedAs: string;
  /** The chain the address belongs to, or null when neither the code nor the format tells. */
  readonly chain: Chain | null;
  /** Stored form (lowercase for 0x addresses); equals `listedAs` when not valid for `chain`. */
  readonly address: string;
  /** False when the address is not valid on `chain` (kept as written, and flagged). */
  readonly valid: boolean;
  /** False when the address's format belongs to another chain than the one its asset code names. */
  readonly matchesAssetCode: boolean;
}

export interface IdentityDocument {
  readonly type: string;
  readonly number: string;
  readonly country: string | null;
  /** The rest of the fact as OFAC wrote it (issue and expiry dates, notes). */
  readonly details: string | null;
}

/** Everything typed that OFAC's `Remarks` field says of a party. */
export interface RemarkFacts {
  readonly datesOfBirth: string[];
  readonly placesOfBirth: string[];
  readonly nationalities: string[];
  readonly citizenships: string[];
  readonly gender: string | null;
  readonly documents: IdentityDocument[];
  readonly cryptoAddresses: ListedCryptoAddress[];
  readonly weakAliases: { type: 'aka' | 'fka' | 'nka'; name: string }[];
  readonly linkedTo: string[];
}

const DOC_TYPES =
  /^((?:Diplomatic |Stateless Person |Refugee )?Passport|National ID No\.|Cedula No\.|C\.U\.R\.P\.|R\.F\.C\.|NIT #|RUC #|Tax ID No\.|SSN|Registration ID|Registration Number|Identification Number|D\.N\.I\.|Residency Number|Driver's License No\.|Business Registration Number|Company Number|Commercial Registry Number|Birth Certificate Number|Personal ID Card|Kenyan ID No\.|Trade License No\.|Public Security and Immigration No\.|Immigration No\.|Matricula Mercantil No|Legal Entity Number|Unified Social Credit Code \(USCC\)|IMO|MMSI|Aircraft Manufacturer's Serial Number \(MSN\)|Aircraft Tail Number|Tax ID|Citizen's Card Number|Identification Card|Credencial electoral|Pasaporte|V\.A\.T\. Number|Chinese Commercial Code|Transactions Prohibited For Persons Owned or Controlled By U\.S\. Financial Institutions)\s+(\S+)(.*)$/;

/**
 * Splits OFAC's `Remarks` (a `;`-separated bag of typed facts, e.g. `DOB 25 Apr 1965; POB ...;
 * Digital Currency Address - XBT 1D6g...; a.k.a. 'X'; Linked To: Y.`) into typed facts.
 * Facts it does not type stay in the full remarks text, which is always kept.
 */
export function parseRemarks(remarks: string | null): RemarkFacts {
  const facts: RemarkFacts = {
    datesOfBirth: [],
    placesOfBirth: [],
    nationalities: [],
    citizenships: [],
    gender: null,
    documents: [],
    cryptoAddresses: [],
    weakAliases: [],
    linkedTo: [],
  };
  if (!remarks) {
    return facts;
  }
  let gender: string | null = null;
  for (const rawPart of splitFacts(remarks)) {
    const part = rawPart.replace(/^alt\.\s+/, '').trim();
    let m: RegExpExecArray | null;
    if ((m = /^Digital Currency Address - ([A-Za-z0-9]+)\s+(\S+)$/.exec(part))) {
      facts.cryptoAddresses.push(listedCrypto(m[1], m[2]));
    } else if ((m = /^DOB (.+)$/.exec(part))) {
      facts.datesOfBirth.push(m[1]);
    } else if ((m = /^POB (.+)$/.exec(part))) {
      facts.placesOfBirth.push(m[1]);
    } else if ((m = /^nationality (.+)$/.exec(part))) {
      facts.nationalities.push(m[1]);
    } else if ((m = /^citizen (.+)$/.exec(part))) {
      facts.citizenships.push(m[1]);
    } else if ((m = /^Gender (.+)$/.exec(part))) {
      gender = m[1];
    } else if ((m = /^([afn])\.k\.a\.,?\s+'(.+)'$/.exec(part))) {
      facts.weakAliases.push({ type: `${m[1]}ka` as 'aka' | 'fka' | 'nka', name: m[2] });
    } else if ((m = /^Linked To: (.+)$/.exec(part))) {
      facts.linkedTo.push(m[1]);
    } else if ((m = DOC_TYPES.exec(part)) && !m[1].startsWith('Transactions Prohibited')) {
      const rest = m[3].trim();
      const country = /^\(([^)]+)\)/.exec(rest);
      const details = (country ? rest.slice(country[0].length) : rest).trim();
      facts.documents.push({ type: m[1], number: m[2], country: country ? country[1] : null, details: details || null });
    }
  }
  return { ...facts, gender };
}

/** Splits on `;` outside single-quoted names, and drops the final period of the last fact. */
function splitFacts(remarks: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < remarks.length; i++) {
    const ch = remarks[i];
    // A quote opens a name after "a.k.a. " and closes before ";" or the end.
    if (ch === "'" && (current.endsWith('a.k.a. ') || current.endsWith('f.k.a. ') || current.endsWith('n.k.a. '))) {
      quoted = true;
    } else if (ch === "'" && quoted && (remarks[i + 1] === ';' || i + 1 >= remarks.length - 1)) {
      quoted = false;
    }
    if (ch === ';' && !quoted) {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current.trim());
  return parts.map(p => p.replace(/\.$/, '')).filter(p => p.length > 0);
}

function listedCrypto(asset: string, listedAs: string): ListedCryptoAddress {
  const chain = chainForAsset(asset, listedAs);
  const named = chainOfAssetCode(asset);
  if (!chain) {
    return { asset, listedAs, chain: null, address: listedAs, valid: false, matchesAssetCode: false };
  }
  const matchesAssetCode = named === null || named === chain;
  const check = normalizeAddress(chain, listedAs);
  return check.ok
    ? { asset, listedAs, chain, address: check.address, valid: true, matchesAssetCode }
    : { asset, listedAs, chain, address: listedAs, valid: false, matchesAssetCode };
}

/** The address as shown to clients (EIP-55 for 0x chains). */
export function shownAddress(a: ListedCryptoAddress): string {
  return a.chain && a.valid ? displayAddress(a.chain, a.address) : a.listedAs;
}
