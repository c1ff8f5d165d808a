/** The guided lesson's actions: open it, close it, run a step (its values set, a run started). */
import { LESSON_STEPS, lessonStep, stepSettings } from './lesson-steps';
import type { State } from './types';

export interface LessonContext {
  get: () => State;
  set: (update: (s: State) => Partial<State>) => void;
  /** Keeps the current run in `runs`, with the settings it ran with. */
  keep: () => Promise<void>;
}

export function createLesson({
  get,
  set,
  keep,
}: LessonContext): Pick<State, 'openLesson' | 'closeLesson' | 'runLessonStep'> {
  return {
    openLesson(id) {
      set(() => ({ lesson: (id === undefined ? LESSON_STEPS[0] : lessonStep(id))?.id ?? null }));
    },
    closeLesson() {
      set(() => ({ lesson: null }));
    },
    async runLessonStep(id) {
      const step = lessonStep(id);
      if (!step) return get().reportError(`There is no lesson step “${id}”.`);
      // The run before is kept with its own settings, before the step's replace them.
      await keep();
      // A step starts from random weights, whatever was imported or restored before.
      get().clearStartWeights();
      // The step's run: its dataset's preset and what it changes, on the backend the page uses.
      set((s) => ({
        lesson: step.id,
        settings: stepSettings(step, s.settings.backend),
        mosaicScale: step.mosaicScale ?? 'each',
        data:
          s.data.choice === step.dataset
            ? s.data
            : { ...s.data, choice: step.dataset, pending: null },
      }));
      await get().train();
    },
  };
}
