import { ConfigError } from "../config.ts";
import { buildKbCommand } from "./kb-command.ts";
import { exitQuietlyOnClosedPipe } from "./stdout.ts";

exitQuietlyOnClosedPipe();

try {
  await buildKbCommand().parseAsync(process.argv);
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
