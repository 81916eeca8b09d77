/**
 * A parser for NIST CAVP DRBGVS response files (.rsp): `[Name = value]` section parameters, then
 * `COUNT = n` blocks of `Name = hex` lines. Repeated names (AdditionalInput, EntropyInputPR) keep their
 * order, which is the order of the generate calls they belong to.
 */
import { readFileSync } from "node:fs";

export interface DrbgVector {
  /** e.g. "[AES-256 use df] PersonalizationStringLen = 256, AdditionalInputLen = 0 COUNT = 3". */
  readonly label: string;
  readonly predictionResistance: boolean;
  readonly entropyInput: Buffer;
  readonly nonce: Buffer;
  readonly personalizationString: Buffer;
  /** Present in the pr_false files: one explicit reseed after instantiate. */
  readonly entropyInputReseed?: Buffer;
  readonly additionalInputReseed?: Buffer;
  /** One per generate call (two). */
  readonly additionalInput: readonly Buffer[];
  /** Present in the pr_true files: one per generate call, each used for the reseed prediction resistance asks for. */
  readonly entropyInputPR: readonly Buffer[];
  readonly returnedBits: Buffer;
}

export function parseRsp(path: string): DrbgVector[] {
  const vectors: DrbgVector[] = [];
  const parameters = new Map<string, string>();
  let algorithm = "";
  let fields: [string, string][] | undefined;
  let count = "";

  const finish = () => {
    if (fields === undefined) return;
    const all = (name: string) =>
      fields?.filter(([key]) => key === name).map(([, hex]) => Buffer.from(hex, "hex")) ?? [];
    const one = (name: string) => {
      const values = all(name);
      if (values.length !== 1)
        throw new Error(`${path} COUNT ${count}: expected one ${name}, found ${values.length}`);
      return values[0] as Buffer;
    };
    const optional = (name: string) => (all(name).length === 0 ? undefined : one(name));
    const entropyInputReseed = optional("EntropyInputReseed");
    const additionalInputReseed = optional("AdditionalInputReseed");
    vectors.push({
      label: `${algorithm} PersonalizationStringLen = ${parameters.get("PersonalizationStringLen")}, AdditionalInputLen = ${parameters.get("AdditionalInputLen")} COUNT = ${count}`,
      predictionResistance: parameters.get("PredictionResistance") === "True",
      entropyInput: one("EntropyInput"),
      nonce: one("Nonce"),
      personalizationString: one("PersonalizationString"),
      ...(entropyInputReseed === undefined ? {} : { entropyInputReseed }),
      ...(additionalInputReseed === undefined ? {} : { additionalInputReseed }),
      additionalInput: all("AdditionalInput"),
      entropyInputPR: all("EntropyInputPR"),
      returnedBits: one("ReturnedBits"),
    });
    fields = undefined;
  };

  for (const rawLine of readFileSync(path, "utf8").split("\n")) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const section = /^\[(.*)\]$/.exec(line);
    if (section) {
      finish();
      const [name, value] = (section[1] as string).split(" = ");
      if (value === undefined) {
        algorithm = `[${name}]`;
        parameters.clear();
      } else parameters.set(name as string, value);
      continue;
    }
    const [name, value = ""] = line.split(" =").map((part) => part.trim());
    if (name === "COUNT") {
      finish();
      count = value;
      fields = [];
    } else if (fields !== undefined && name !== undefined) fields.push([name, value]);
    else throw new Error(`${path}: unexpected line ${JSON.stringify(line)}`);
  }
  finish();
  return vectors;
}
