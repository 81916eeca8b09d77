/** The aws CLI's output pipeline: the response, `--query` applied, then the `--output` format. */
import type { ColorMode, OutputFormat } from "../generate-random/flags.js";
import { formatJson } from "./json.js";
import type { Json } from "./python-values.js";
import type { Query } from "./query.js";
import { formatTable } from "./table.js";
import { COLOR_STYLER, PLAIN_STYLER } from "./table-render.js";
import { formatText } from "./text.js";
import { formatYaml, formatYamlStream } from "./yaml.js";

export interface OutputOptions {
  readonly output: OutputFormat;
  readonly query: Query | undefined;
  readonly color: ColorMode;
  readonly stdoutIsTTY: boolean;
  readonly terminalWidth: number;
  /** The table's title: the operation's name. */
  readonly title: string;
}

export function formatOutput(response: Json, options: OutputOptions): string {
  const value = options.query === undefined ? response : options.query.apply(response);
  switch (options.output) {
    case "json":
      return formatJson(value);
    case "text":
      return formatText(value);
    case "yaml":
      return formatYaml(value);
    case "yaml-stream":
      return formatYamlStream(value);
    case "table": {
      const colored = options.color === "on" || (options.color === "auto" && options.stdoutIsTTY);
      return formatTable(options.title, value, options.terminalWidth, colored ? COLOR_STYLER : PLAIN_STYLER);
    }
  }
}
