// Work that should not compete with the next frame. In software rendering (the desks have no GPU) the answer column
// takes 10-20 ms to paint; a reply that arrives meanwhile and changes the DOM again is handled inside that frame and
// makes it later (measured with e2e/bench.test.mjs: the topic's write answered during the answer's frame, paint
// median 20-22 ms; sent after it, 17 ms).

/** The longest wait: a window that is not shown gets no frames, and the work must still happen. */
export const AFTER_PAINT_LIMIT_MS = 100;

/**
 * Resolves once the next frame has been painted (a requestAnimationFrame callback runs just before the paint, a task
 * posted from it runs after), or after AFTER_PAINT_LIMIT_MS when no frame comes.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const limit = setTimeout(resolve, AFTER_PAINT_LIMIT_MS);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(limit);
        resolve();
      }, 0),
    );
  });
}
