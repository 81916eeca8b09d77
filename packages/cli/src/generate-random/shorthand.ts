/**
 * The aws CLI's shorthand syntax (`Key=Value,Key2=Value2`), ported from awscli/shorthand.py
 * (aws-cli 2, Apache-2.0) so that `--recipient` reads the same strings the same way, plus the newer
 * CLI's `key@=file://path` (the value is loaded from a parameter file).
 */

export type ShorthandValue = string | ShorthandValue[] | { [key: string]: ShorthandValue } | FileReference;

/** `key@=<path>`: the value is the parameter file `<path>` names (file:// or fileb://). */
export class FileReference {
  constructor(readonly path: string) {}
}

export class ShorthandSyntaxError extends Error {}

const START_WORD = "!#-&(-+\\--<>-Z\\\\-z|-\\uffff";
const FIRST_FOLLOW = "\\s!#-&(-+\\--\\\\^-|~-\\uffff";
const SECOND_FOLLOW = "\\s!#-&(-+\\--<>-\\uffff";
const ESCAPED_COMMA = "(\\\\,)";

const PATTERNS = {
  "singled quoted": /'(?:\\\\|\\'|[^'])*'/y,
  "double quoted": /"(?:\\\\|\\"|[^"])*"/y,
  first: new RegExp(`(${ESCAPED_COMMA}|[${START_WORD}])(${ESCAPED_COMMA}|[${FIRST_FOLLOW}])*`, "yu"),
  second: new RegExp(`(${ESCAPED_COMMA}|[${START_WORD}])(${ESCAPED_COMMA}|[${SECOND_FOLLOW}])*`, "yu"),
} as const;

const KEY_CHARS = /[A-Za-z0-9\-_.#/:]/;
const WHITESPACE = /\s/;

class Backtrack extends ShorthandSyntaxError {}

export function parseShorthand(input: string): Record<string, ShorthandValue> {
  return new Parser(input).parameter();
}

class Parser {
  #index = 0;

  constructor(readonly input: string) {}

  parameter(): Record<string, ShorthandValue> {
    const params: Record<string, ShorthandValue> = {};
    const [key, value] = this.#keyval();
    params[key] = value;
    let lastIndex = this.#index;
    while (this.#index < this.input.length) {
      this.#expect(",", true);
      const [nextKey, nextValue] = this.#keyval();
      if (Object.hasOwn(params, nextKey)) {
        throw new ShorthandSyntaxError(
          `Second instance of key "${nextKey}" encountered for input:\n${this.#location(lastIndex + 1)}\nThis is often because there is a preceding "," instead of a space.`,
        );
      }
      params[nextKey] = nextValue;
      lastIndex = this.#index;
    }
    return params;
  }

  #keyval(): [string, ShorthandValue] {
    const key = this.#key();
    this.#whitespace();
    if (this.#current() === "@" && this.input[this.#index + 1] === "=") {
      this.#index += 1;
      this.#expect("=", true);
      const path = this.#values();
      if (typeof path !== "string") throw this.#syntax("<file path>", "<none>");
      return [key, new FileReference(path)];
    }
    this.#expect("=", true);
    return [key, this.#values()];
  }

  #key(): string {
    const start = this.#index;
    while (!this.#atEof() && KEY_CHARS.test(this.#current())) this.#index += 1;
    return this.input.slice(start, this.#index);
  }

  #values(): ShorthandValue {
    if (this.#atEof()) return "";
    if (this.#current() === "[") return this.#explicitList();
    if (this.#current() === "{") return this.#hashLiteral();
    return this.#csvValue();
  }

  #csvValue(): ShorthandValue {
    const first = this.#firstValue();
    this.#whitespace();
    if (this.#atEof() || this.input[this.#index] !== ",") return first;
    this.#expect(",", true);
    const list: string[] = [first];
    for (;;) {
      try {
        const current = this.#secondValue();
        this.#whitespace();
        if (this.#atEof()) {
          list.push(current);
          break;
        }
        this.#expect(",", true);
        list.push(current);
      } catch (error) {
        if (!(error instanceof ShorthandSyntaxError) || this.#atEof()) throw error;
        this.#backtrackTo(",");
        break;
      }
    }
    return list.length === 1 ? first : list;
  }

  #explicitList(): ShorthandValue[] {
    this.#expect("[", true);
    const values: ShorthandValue[] = [];
    while (this.#current() !== "]") {
      values.push(this.#explicitValues());
      this.#whitespace();
      if (this.#current() !== "]") {
        this.#expect(",");
        this.#whitespace();
      }
    }
    this.#expect("]");
    return values;
  }

  #explicitValues(): ShorthandValue {
    if (this.#current() === "[") return this.#explicitList();
    if (this.#current() === "{") return this.#hashLiteral();
    return this.#firstValue();
  }

  #hashLiteral(): Record<string, ShorthandValue> {
    this.#expect("{", true);
    const values: Record<string, ShorthandValue> = {};
    while (this.#current() !== "}") {
      const key = this.#key();
      this.#expect("=", true);
      const value = this.#explicitValues();
      this.#whitespace();
      if (this.#current() !== "}") {
        this.#expect(",");
        this.#whitespace();
      }
      values[key] = value;
    }
    this.#expect("}");
    return values;
  }

  #firstValue(): string {
    if (this.#current() === "'") return this.#quoted("singled quoted", "'");
    if (this.#current() === '"') return this.#quoted("double quoted", '"');
    const match = this.#match(PATTERNS.first);
    return match === undefined ? "" : match.replaceAll("\\,", ",").trimEnd();
  }

  #secondValue(): string {
    if (this.#current() === "'") return this.#quoted("singled quoted", "'");
    if (this.#current() === '"') return this.#quoted("double quoted", '"');
    return this.#mustMatch("second").replaceAll("\\,", ",").trimEnd();
  }

  #quoted(name: "singled quoted" | "double quoted", quote: string): string {
    return this.#mustMatch(name).slice(1, -1).replaceAll(`\\${quote}`, quote).replaceAll("\\\\", "\\");
  }

  #match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.#index;
    const result = pattern.exec(this.input);
    if (result === null) return undefined;
    this.#index += result[0].length;
    return result[0];
  }

  #mustMatch(name: keyof typeof PATTERNS): string {
    const value = this.#match(PATTERNS[name]);
    if (value === undefined) throw new Backtrack(this.#message(`<${name}>`, "<none>"));
    return value;
  }

  #expect(char: string, consumeWhitespace = false): void {
    if (consumeWhitespace) this.#whitespace();
    if (this.#index >= this.input.length) throw this.#syntax(char, "EOF");
    const actual = this.input[this.#index] as string;
    if (actual !== char) throw this.#syntax(char, actual);
    this.#index += 1;
    if (consumeWhitespace) this.#whitespace();
  }

  #syntax(expected: string, actual: string): ShorthandSyntaxError {
    return new Backtrack(this.#message(expected, actual));
  }

  #message(expected: string, actual: string): string {
    return `Expected: '${expected}', received: '${actual}' for input:\n${this.#location(this.#index)}`;
  }

  /** The input with a caret under `index`, as awscli's ShorthandParseError does. */
  #location(index: number): string {
    let consumed = this.input;
    let remaining = "";
    let spaces = index;
    const before = this.input.slice(0, index);
    if (before.includes("\n")) spaces = index - before.lastIndexOf("\n") - 1;
    const nextNewline = this.input.indexOf("\n", index);
    if (nextNewline !== -1) {
      consumed = this.input.slice(0, nextNewline);
      remaining = this.input.slice(nextNewline);
    }
    return `${consumed}\n${" ".repeat(spaces)}^${remaining}`;
  }

  #current(): string {
    return this.input[this.#index] ?? "";
  }

  #atEof(): boolean {
    return this.#index >= this.input.length;
  }

  #backtrackTo(char: string): void {
    while (this.#index >= 0 && this.input[this.#index] !== char) this.#index -= 1;
  }

  #whitespace(): void {
    while (!this.#atEof() && WHITESPACE.test(this.#current())) this.#index += 1;
  }
}
