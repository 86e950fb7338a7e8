/** Delivered / failed / pending against the plan, as one bar with a text equivalent. */
export function ProgressBar(props: {
  label: string;
  planned: number;
  delivered: number;
  failed: number;
  pending: number;
  text: string;
}) {
  const { planned, delivered, failed } = props;
  const share = (n: number) => (planned > 0 ? (100 * n) / planned : 0);
  const percent = Math.round(share(delivered));
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={planned}
        aria-valuenow={delivered}
        aria-valuetext={props.text}
        data-percent={percent}
      >
        <div className="progress-delivered" style={{ width: `${share(delivered)}%` }} />
        <div className="progress-failed" style={{ width: `${share(failed)}%` }} />
      </div>
      <p className="progress-text">
        <strong>{percent}%</strong> {props.text}
      </p>
    </div>
  );
}
