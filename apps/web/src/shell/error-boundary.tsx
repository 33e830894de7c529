import { Component, type ErrorInfo, type ReactNode } from 'react';
import { describeError } from '../session/session-api.ts';

interface Props {
  /** What failed, for the heading ("Status Board", "this page"). */
  area: string;
  /** The boundary clears itself when this changes (e.g. the location), so navigating away recovers. */
  resetKey?: string;
  children: ReactNode;
}

interface State {
  error: unknown;
  failed: boolean;
}

/** Keeps one broken page from blanking the whole shell, and offers a way back. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, failed: false };

  static getDerivedStateFromError(error: unknown): State {
    return { error, failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Tessera: ${this.props.area} failed to render`, error, info.componentStack);
  }

  override componentDidUpdate(prev: Props): void {
    if (this.state.failed && prev.resetKey !== this.props.resetKey) this.setState({ error: null, failed: false });
  }

  private readonly retry = (): void => {
    this.setState({ error: null, failed: false });
  };

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <section className="panel panel-error" role="alert" data-testid="error-boundary">
        <h2>{this.props.area} ran into a problem</h2>
        <p>{describeError(this.state.error)}</p>
        <div className="actions">
          <button type="button" className="button" onClick={this.retry}>
            Try again
          </button>
          <a className="button button-secondary" href="/">
            Back to home
          </a>
        </div>
      </section>
    );
  }
}
