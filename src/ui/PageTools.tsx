import { useStore } from '../state/store';
import { LessonToggle } from './Lesson';
import { toggleTheme, useTheme } from './theme';

/** The top bar's buttons: the lesson, dark theme, keyboard shortcuts, classroom mode. */
export function PageTools({ onHelp }: { onHelp: () => void }) {
  const classroom = useStore((s) => s.classroom);
  const setClassroom = useStore((s) => s.setClassroom);
  const theme = useTheme();
  return (
    <div className="page-tools">
      <LessonToggle />
      <button type="button" aria-pressed={theme === 'dark'} onClick={toggleTheme} title="D">
        Dark theme
      </button>
      <button type="button" onClick={onHelp} aria-haspopup="dialog" title="? or H">
        Keyboard shortcuts
      </button>
      <button
        type="button"
        aria-pressed={classroom}
        onClick={() => setClassroom(!classroom)}
        title="C"
      >
        {classroom ? 'Exit classroom mode' : 'Classroom mode'}
      </button>
    </div>
  );
}
