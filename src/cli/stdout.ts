/**
 * Ends the process quietly when whoever reads its output stops reading (`kb search … | head`), instead of
 * crashing with an unhandled EPIPE.
 */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
}
