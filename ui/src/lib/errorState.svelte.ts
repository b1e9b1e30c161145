// The one error the banner shows. A newer error replaces an older one: the agent needs the latest state, not a log.
import type { IpcError } from "./bindings/IpcError";

export class ErrorState {
  current = $state<IpcError | null>(null);

  report(error: IpcError): void {
    this.current = error;
  }

  dismiss(): void {
    this.current = null;
  }
}

export const errorState = new ErrorState();
