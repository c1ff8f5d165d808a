/** The shape of the page's store: its state and its actions. */
import type { PresetName, Settings } from '../engine/settings';
import type {
  BackendName,
  DatasetSummary,
  GradientCheckResult,
  IterationPoint,
  RunState,
  TrainerEvent,
  Weights,
} from '../worker/protocol';
import type { PastRun } from './runs';

export type SnapshotEvent = Extract<TrainerEvent, { type: 'snapshot' }>;
export type DataChoice = Settings['dataset'] | 'files';
export type RunStatus = 'idle' | RunState;

/**
 * How the filter mosaic scales its tiles: each filter to its own max |w| (UFLDL's display_network)
 * or one scale for all (the run's largest |w|, so that weight decay shows as fading tiles).
 */
export type MosaicScale = 'each' | 'shared';

/** A curve of the cost chart: J or one of its three parts. */
export type CostPart = 'cost' | 'reconstruction' | 'decay' | 'sparsity';

export interface HyperparameterMark {
  iteration: number;
  rho: number;
  beta: number;
  lambda: number;
}

export interface UploadedFile {
  name: string;
  bytes: ArrayBuffer;
}

export interface DataState {
  choice: DataChoice;
  /** The files behind the 'files' choice, kept to re-cut patches when settings change. */
  files: UploadedFile[] | null;
  summary: DatasetSummary | null;
  loading: boolean;
  /** What the loaded summary was made from (choice, files, patch size, examples, seed). */
  loadedKey: string | null;
  /** The choice whose data the worker holds. */
  loadedChoice: DataChoice | null;
  /** How the uploaded files are read: which MAT-file variable, and whether to rescale into [0.1, 0.9]. */
  fileOptions: FileOptions;
  /** Files that could not load until the user picks one of `candidates` (MAT-file variables). */
  pending: { files: UploadedFile[]; candidates: string[]; fileOptions: FileOptions } | null;
}

export interface FileOptions {
  variable?: string;
  rescale: boolean;
}

export interface RunView {
  runId: number;
  status: RunStatus;
  backend: BackendName | null;
  backendNote: string | null;
  /** The kernel's threads, when the kernel computes. */
  threads: number | null;
  latest: IterationPoint | null;
  evaluationsPerSecond: number;
  /** Why the run stopped or paused (from the worker), if it said. */
  reason: string | null;
  /** The iteration at which the run will be done, as the worker said (it moves on with Continue). */
  limit: number | null;
}

export interface AppError {
  id: number;
  message: string;
}

export interface State {
  settings: Settings;
  /** Classroom mode: the views large, for a projector. */
  classroom: boolean;
  mosaicScale: MosaicScale;
  /** The lesson step shown (its id), or null when the lesson is closed. */
  lesson: string | null;
  data: DataState;
  run: RunView;
  /** The current run's cost history: appended in place; `historyLength` announces growth. */
  history: IterationPoint[];
  historyLength: number;
  marks: HyperparameterMark[];
  snapshot: SnapshotEvent | null;
  /** Weights the next Train starts from (imported or a reopened run), with where they came from. */
  startWeights: { weights: Weights; origin: string } | null;
  runs: PastRun[];
  overlaid: number[];
  /** Which curve of the overlaid runs the chart draws. */
  overlayPart: CostPart;
  /** The number of the kept run the page shows now (it ended and was kept), if any. */
  shownRun: number | null;
  errors: AppError[];
  gradientCheck: { status: 'idle' | 'running' | 'done'; result: GradientCheckResult | null };

  connect(initial: {
    settings: Settings;
    classroom: boolean;
    errors: string[];
    /** What the link could not carry, said on the page. */
    notes?: string[];
    /** The lesson step the link opens. */
    lesson?: string | null;
  }): void;
  chooseDataset(choice: DataChoice): void;
  uploadFiles(files: File[]): Promise<void>;
  /** Loads the uploaded (or pending) files again with this MAT-file variable. */
  chooseVariable(name: string): Promise<void>;
  /** Loads the uploaded files again, normalised into [0.1, 0.9] (values outside [0, 1]). */
  rescaleData(): Promise<void>;
  applyPreset(name: PresetName): void;
  setLiveSetting(key: 'rho' | 'beta' | 'lambda', value: number): void;
  setRunSetting<K extends keyof Settings>(key: K, value: Settings[K]): void;
  train(): Promise<void>;
  pause(): void;
  resume(): void;
  step(): void;
  /**
   * A done, stopped or faulted run goes on for another iteration limit from its current weights
   * (after a fault, its last finite ones), with the ρ, β, λ the page shows; the count goes on.
   */
  continue(): void;
  reset(): Promise<void>;
  exportWeights(): Promise<Weights | null>;
  importWeights(weights: Weights, origin: string): Promise<void>;
  clearStartWeights(): void;
  reopenRun(runNumber: number): Promise<void>;
  /** Removes a kept run, from the page and from storage. */
  deleteRun(runNumber: number): void;
  deleteAllRuns(): void;
  /** Writes what is waiting for storage now (the page is about to go). */
  saveNow(): Promise<void>;
  toggleOverlay(runNumber: number): void;
  setOverlayPart(part: CostPart): void;
  runGradientCheck(): Promise<void>;
  setClassroom(on: boolean): void;
  setMosaicScale(scale: MosaicScale): void;
  /** Shows the lesson at a step (the first when none is named), without running it. */
  openLesson(id?: string): void;
  closeLesson(): void;
  /** Sets a lesson step's values and starts a run with them. */
  runLessonStep(id: string): Promise<void>;
  reportError(message: string): void;
  dismissError(id: number): void;
}
