/**
 * Exact decimal arithmetic on strings (amounts are never floats): parse, add, compare. Values are
 * held as a BigInt of units and a scale (digits after the point).
 */

interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;
const WITH_EXPONENT = /^(-?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

function scaled(s: string): Scaled {
  const m = PLAIN.exec(s);
  if (!m) {
    throw new Error(`not a decimal: ${s}`);
  }
  const frac = m[3] ?? '';
  const units = BigInt(m[2] + frac);
  return { units: m[1] ? -units : units, scale: frac.length };
}

function format({ units, scale }: Scaled): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = scale > 0 ? '.' + digits.slice(digits.length - scale) : '';
  return (negative ? '-' : '') + int + frac;
}

function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

/**
 * The plain decimal a number written in text means, exactly: `"1e-05"` is `"0.00001"`,
 * `"8565.737089130746"` stays as written. Null when the text is not a number.
 */
export function plainDecimal(text: string): string | null {
  const m = WITH_EXPONENT.exec(text.trim());
  if (!m) {
    return null;
  }
  const frac = m[3] ?? '';
  const exponent = Number(m[4] ?? 0);
  let units = BigInt(m[2] + frac);
  let scale = frac.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return format({ units: m[1] ? -units : units, scale });
}

/** a + b, exactly; the result keeps the larger scale. */
export function addDecimals(a: string, b: string): string {
  const [x, y, scale] = align(scaled(a), scaled(b));
  return format({ units: x + y, scale });
}

/** Negative, zero or positive as a < b, a = b, a > b (numerically: "1.50" equals "1.5"). */
export function compareDecimals(a: string, b: string): number {
  const [x, y] = align(scaled(a), scaled(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Without trailing zeros after the point ("1.500" → "1.5", "2.000" → "2"). */
export function trimDecimal(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
