/**
 * A strict walk over an asn1js BER tree (X.690): each helper checks one node's class, tag and form and
 * throws `DecryptFailed` (problem "structure") naming the field and what was found. BER is needed, not
 * only DER: KMS sends indefinite lengths and constructed content (facts file, CiphertextForRecipient).
 */
import * as asn1js from "asn1js";
import { decryptFailed } from "./decrypt-failed.js";

const UNIVERSAL = 1;
const CONTEXT = 3;
const TAG = { integer: 2, octetString: 4, null: 5, oid: 6, sequence: 16, set: 17 } as const;

/** Decodes exactly one BER element; truncation, malformation and trailing bytes are refused. */
export function decodeBer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const { offset, result } = asn1js.fromBER(bytes);
  if (offset === -1 || result.error !== "") {
    throw decryptFailed("structure", `${what} is not well-formed BER (${result.error || "decoding failed"})`);
  }
  if (offset !== bytes.byteLength) {
    throw decryptFailed("structure", `${what} has ${bytes.byteLength - offset} bytes after its end`);
  }
  return result;
}

/** "SEQUENCE", "[0] constructed", ... for messages. */
export function describe(node: asn1js.AsnType): string {
  const { tagClass, tagNumber, isConstructed } = node.idBlock;
  const form = isConstructed ? "constructed" : "primitive";
  if (tagClass === UNIVERSAL) {
    const name = Object.entries(TAG).find(([, number]) => number === tagNumber)?.[0];
    return name === undefined ? `universal tag ${tagNumber} (${form})` : `${name} (${form})`;
  }
  const className = tagClass === CONTEXT ? "" : tagClass === 2 ? "application " : "private ";
  return `[${className}${tagNumber}] (${form})`;
}

function is(node: asn1js.AsnType, tagClass: number, tagNumber: number, constructed: boolean): boolean {
  const id = node.idBlock;
  return id.tagClass === tagClass && id.tagNumber === tagNumber && id.isConstructed === constructed;
}

export function isContext(node: asn1js.AsnType, tagNumber: number, constructed?: boolean): boolean {
  const id = node.idBlock;
  return (
    id.tagClass === CONTEXT &&
    id.tagNumber === tagNumber &&
    (constructed === undefined || id.isConstructed === constructed)
  );
}

function children(node: asn1js.AsnType): asn1js.AsnType[] {
  return (node as asn1js.Constructed).valueBlock.value;
}

/** The elements of a SEQUENCE, checked to number between `min` and `max`. */
export function sequence(
  node: asn1js.AsnType | undefined,
  what: string,
  min: number,
  max = min,
): asn1js.AsnType[] {
  if (node === undefined) throw decryptFailed("structure", `${what} is missing`);
  if (!is(node, UNIVERSAL, TAG.sequence, true)) {
    throw decryptFailed("structure", `${what} must be a SEQUENCE, found ${describe(node)}`);
  }
  return counted(children(node), what, min, max);
}

export function set(node: asn1js.AsnType | undefined, what: string): asn1js.AsnType[] {
  if (node === undefined) throw decryptFailed("structure", `${what} is missing`);
  if (!is(node, UNIVERSAL, TAG.set, true)) {
    throw decryptFailed("structure", `${what} must be a SET, found ${describe(node)}`);
  }
  return children(node);
}

/** The single element inside an EXPLICIT context tag `[tagNumber]`. */
export function explicit(node: asn1js.AsnType | undefined, tagNumber: number, what: string): asn1js.AsnType {
  if (node === undefined) throw decryptFailed("structure", `${what} is missing`);
  if (!isContext(node, tagNumber, true)) {
    throw decryptFailed("structure", `${what} must be [${tagNumber}] (constructed), found ${describe(node)}`);
  }
  const [inner] = counted(children(node), what, 1);
  return inner as asn1js.AsnType;
}

export function oid(node: asn1js.AsnType | undefined, what: string): string {
  if (node === undefined) throw decryptFailed("structure", `${what} is missing`);
  if (!is(node, UNIVERSAL, TAG.oid, false)) {
    throw decryptFailed("structure", `${what} must be an OBJECT IDENTIFIER, found ${describe(node)}`);
  }
  return (node as asn1js.ObjectIdentifier).valueBlock.toString();
}

/** A small non-negative INTEGER (a version number). */
export function smallInteger(node: asn1js.AsnType | undefined, what: string): number {
  if (node === undefined) throw decryptFailed("structure", `${what} is missing`);
  if (!is(node, UNIVERSAL, TAG.integer, false)) {
    throw decryptFailed("structure", `${what} must be an INTEGER, found ${describe(node)}`);
  }
  const bytes = (node as asn1js.Integer).valueBlock.valueHexView;
  if (bytes.byteLength !== 1 || (bytes[0] as number) > 0x7f) {
    throw decryptFailed("version", `${what} must be a small non-negative INTEGER`);
  }
  return bytes[0] as number;
}

export function isNull(node: asn1js.AsnType): boolean {
  return is(node, UNIVERSAL, TAG.null, false) && node.lenBlock.length === 0;
}

/**
 * The bytes of an OCTET STRING, or of an IMPLICIT `[tagNumber]` OCTET STRING when `implicitTag` is given,
 * in either BER form: primitive, or constructed from OCTET STRING segments (X.690 §8.7.3), as KMS and
 * `openssl cms -stream` send encryptedContent.
 */
export function octets(
  node: asn1js.AsnType | undefined,
  what: string,
  implicitTag?: number,
): { bytes: Buffer; constructed: boolean } {
  if (node === undefined) throw decryptFailed("structure", `${what} is missing`);
  const tagged = implicitTag !== undefined && isContext(node, implicitTag);
  if (!tagged && !(node.idBlock.tagClass === UNIVERSAL && node.idBlock.tagNumber === TAG.octetString)) {
    const expected = implicitTag === undefined ? "an OCTET STRING" : `[${implicitTag}] OCTET STRING`;
    throw decryptFailed("structure", `${what} must be ${expected}, found ${describe(node)}`);
  }
  if (!node.idBlock.isConstructed) {
    return { bytes: Buffer.from(primitiveBytes(node)), constructed: false };
  }
  const parts: Buffer[] = [];
  collectSegments(node, what, parts, 0);
  return { bytes: Buffer.concat(parts), constructed: true };
}

function primitiveBytes(node: asn1js.AsnType): Uint8Array {
  return (node as asn1js.Primitive).valueBlock.valueHexView;
}

/** Segments of a constructed string: OCTET STRINGs, themselves primitive or (rarely) constructed. */
function collectSegments(node: asn1js.AsnType, what: string, parts: Buffer[], depth: number): void {
  if (depth > 4) throw decryptFailed("structure", `${what} nests constructed segments too deeply`);
  for (const segment of children(node)) {
    if (!(segment.idBlock.tagClass === UNIVERSAL && segment.idBlock.tagNumber === TAG.octetString)) {
      throw decryptFailed(
        "structure",
        `a segment of ${what} must be an OCTET STRING, found ${describe(segment)}`,
      );
    }
    if (segment.idBlock.isConstructed) collectSegments(segment, what, parts, depth + 1);
    else parts.push(Buffer.from(primitiveBytes(segment)));
  }
}

function counted(elements: asn1js.AsnType[], what: string, min: number, max = min): asn1js.AsnType[] {
  if (elements.length < min || elements.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw decryptFailed("structure", `${what} must have ${expected} elements, found ${elements.length}`);
  }
  return elements;
}
