import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './shortcuts';

/**
 * The keyboard shortcuts in a modal <dialog>: it takes the focus when it opens (its Close button),
 * Escape or Close shuts it, and the focus goes back to where it was.
 */
export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement | null>(null);
  const returnTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  const closed = () => {
    onClose();
    const target = returnTo.current;
    returnTo.current = null;
    if (target?.isConnected) target.focus();
  };

  return (
    <dialog
      ref={dialogRef}
      className="shortcuts-help"
      aria-labelledby="shortcuts-title"
      onClose={closed}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {Object.values(SHORTCUTS).map((shortcut) => (
            <tr key={shortcut.label}>
              <th scope="row">
                <kbd>{shortcut.label}</kbd>
              </th>
              <td>{shortcut.what}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">
              <kbd>Tab</kbd>
            </th>
            <td>Every button, slider and field, in order; Escape closes this list</td>
          </tr>
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" className="primary" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
