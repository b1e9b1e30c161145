// The one error the banner shows. A newer error replaces an older one: the agent needs the latest state, not a log.
import type { IpcError } from "./bindings/IpcError";

export class ErrorState {
  current = $state<IpcError | null>(null);
  /** The sentence to show for `current` when its code's general one would mislead (see `CallOptions.text`). */
  text = $state<string | null>(null);

  report(error: IpcError, text: string | null = null): void {
    this.current = error;
    this.text = text;
  }

  dismiss(): void {
    this.current = null;
    this.text = null;
  }
}

export const errorState = new ErrorState();
