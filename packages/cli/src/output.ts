/** Writes results as the aws CLI does for `--output json`: four-space indent, one trailing newline. */
export function formatAwsJson(value: Record<string, unknown>): string {
  return `${JSON.stringify(value, null, 4)}\n`;
}
