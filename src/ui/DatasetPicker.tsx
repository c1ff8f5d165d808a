import { useEffect, type ChangeEvent } from 'react';
import { LIMITS, formatLimit } from '../data/limits';
import { CHOICE_LABELS, CHOICES } from '../engine/settings';
import { useStore, type DataChoice } from '../state/store';
import { DataChoices } from './DataChoices';
import { formatCount, formatValue } from './format';
import { SelectRow } from './SelectRow';
import { renderExampleStrip } from './tiles';
import { useCrispCanvas } from './useCrispCanvas';

/** Extensions the picker offers; anything dropped on the page is tried as well. */
export const UPLOAD_ACCEPT = '.idx,.ubyte,.gz,.mat,.npy,image/*';

function SampleStrip() {
  const { canvasRef, draw } = useCrispCanvas(48);
  const summary = useStore((s) => s.data.summary);
  useEffect(() => {
    if (!summary || summary.sampleCount === 0) return draw(null);
    draw(
      renderExampleStrip(
        summary.samples,
        summary.sampleCount,
        summary.visibleSize,
        summary.exampleSide,
      ),
    );
  }, [summary, draw]);
  return (
    <div className="pixel-frame strip">
      <canvas ref={canvasRef} role="img" aria-label="Sample patches" className="pixelated" />
    </div>
  );
}

function DataSummary() {
  const summary = useStore((s) => s.data.summary);
  const loading = useStore((s) => s.data.loading);
  if (!summary) return <p className="muted small">{loading ? 'Loading…' : 'No data loaded.'}</p>;
  const side = summary.exampleSide;
  const shape =
    side > 0 && side * side === summary.visibleSize
      ? `${side}×${side}`
      : `${summary.visibleSize} values`;
  return (
    <div className="data-summary">
      <p className="small" data-testid="data-summary">
        <strong>{summary.label}</strong>
        <br />
        {formatCount(summary.examples)} examples · {shape} patches · values{' '}
        {formatValue(summary.valueRange[0])} to {formatValue(summary.valueRange[1])}
        {loading && <span className="muted"> · loading…</span>}
      </p>
      <SampleStrip />
    </div>
  );
}

/** Which data trains: a built-in set or the user's files (picker, or drop them on the page). */
export function DatasetPicker() {
  const choice = useStore((s) => s.data.choice);
  const files = useStore((s) => s.data.files);
  const chooseDataset = useStore((s) => s.chooseDataset);
  const uploadFiles = useStore((s) => s.uploadFiles);
  const onFiles = (event: ChangeEvent<HTMLInputElement>) => {
    const list = Array.from(event.target.files ?? []);
    event.target.value = '';
    void uploadFiles(list);
  };
  const uploadedName =
    files && files.length > 1 ? `${files.length} files` : (files?.[0]?.name ?? '');
  return (
    <section className="panel dataset" aria-labelledby="dataset-title">
      <h2 id="dataset-title">Data</h2>
      <SelectRow
        id="dataset"
        label="Dataset"
        value={choice}
        onChange={(name) => chooseDataset(name as DataChoice)}
      >
        {CHOICES.dataset.map((name) => (
          <option key={name} value={name}>
            {CHOICE_LABELS.dataset[name]}
          </option>
        ))}
        {files && <option value="files">Uploaded: {uploadedName}</option>}
      </SelectRow>
      <div className="upload">
        <label className="file-button">
          <span>Upload data…</span>
          <input
            type="file"
            aria-label="Upload data"
            accept={UPLOAD_ACCEPT}
            multiple
            onChange={onFiles}
          />
        </label>
        <span className="muted small">
          IDX (.gz), .mat, .npy or photos — or drop them here (up to{' '}
          {formatLimit('fileBytes', LIMITS.fileBytes)})
        </span>
      </div>
      {choice === 'files' && (
        <p className="muted small" data-testid="link-note">
          A link to this page carries the settings, not the uploaded files: whoever opens it is told
          to upload them.
        </p>
      )}
      <DataChoices />
      <DataSummary />
    </section>
  );
}
