import type { MouseEvent } from 'react';
import { LESSON_STEPS, lessonStep } from '../state/lesson-steps';
import { useStore } from '../state/store';
import { lessonSearch } from '../state/url';

/**
 * The guided lesson as one panel, for the lab and for classroom mode alike: the steps (each a link
 * of its own), the step's words and what to look for, and Previous / Run / Next. Moving to a step
 * sets its values and starts its run; the runs before it are kept below to compare.
 */
export function Lesson() {
  const current = useStore((s) => s.lesson);
  const classroom = useStore((s) => s.classroom);
  const runLessonStep = useStore((s) => s.runLessonStep);
  const closeLesson = useStore((s) => s.closeLesson);
  const step = lessonStep(current);
  if (!step) return null;
  const index = LESSON_STEPS.indexOf(step);
  const previous = LESSON_STEPS[index - 1];
  const next = LESSON_STEPS[index + 1];
  const go = (id: string) => void runLessonStep(id);
  /** A step's link opens it in this page (a new tab, or a copied link, opens it from the link). */
  const follow = (id: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    go(id);
  };
  return (
    <section className="panel lesson" aria-labelledby="lesson-title">
      <div className="lesson-head">
        <h2 id="lesson-title">
          Lesson · step {index + 1} of {LESSON_STEPS.length}: {step.title}
        </h2>
        <button type="button" className="link" onClick={closeLesson}>
          Close the lesson
        </button>
      </div>
      <ol className="lesson-steps" aria-label="Lesson steps">
        {LESSON_STEPS.map((s, i) => (
          <li key={s.id}>
            <a
              href={lessonSearch(s, classroom)}
              aria-current={s === step ? 'step' : undefined}
              onClick={follow(s.id)}
            >
              {i + 1}. {s.title}
            </a>
          </li>
        ))}
      </ol>
      <p className="lesson-does">{step.does}</p>
      <h3 className="lesson-look">What to look for</h3>
      <ul className="lesson-look-for">
        {step.lookFor.map((text) => (
          <li key={text}>{text}</li>
        ))}
      </ul>
      <div className="lesson-actions">
        <button type="button" disabled={!previous} onClick={() => previous && go(previous.id)}>
          ← Previous step
        </button>
        <button type="button" className="primary" onClick={() => go(step.id)}>
          Run this step
        </button>
        <button type="button" disabled={!next} onClick={() => next && go(next.id)}>
          Next step →
        </button>
      </div>
    </section>
  );
}

/** Opens the lesson at its first step (or closes it). */
export function LessonToggle() {
  const open = useStore((s) => s.lesson !== null);
  const openLesson = useStore((s) => s.openLesson);
  const closeLesson = useStore((s) => s.closeLesson);
  return (
    <button type="button" aria-pressed={open} onClick={() => (open ? closeLesson() : openLesson())}>
      Guided lesson
    </button>
  );
}
