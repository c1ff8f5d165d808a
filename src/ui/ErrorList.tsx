import { useStore } from '../state/store';

/** Errors, each an alert naming the file or value at fault, until dismissed. */
export function ErrorList() {
  const errors = useStore((s) => s.errors);
  const dismissError = useStore((s) => s.dismissError);
  if (errors.length === 0) return null;
  return (
    <div className="errors">
      {errors.map((error) => (
        <div key={error.id} role="alert" className="error">
          <span>{error.message}</span>
          <button
            type="button"
            className="link"
            aria-label="Dismiss this message"
            onClick={() => dismissError(error.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
