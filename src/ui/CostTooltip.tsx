import type { ReactNode } from 'react';
import { DefaultTooltipContent, type TooltipContentProps } from 'recharts';
import type { IterationPoint } from '../engine/types';

type Term = keyof Pick<IterationPoint, 'cost' | 'reconstruction' | 'decay' | 'sparsity'>;

/**
 * The cost chart's tooltip as recharts draws it, with the run's one invisible line (named as the
 * first of `series`, J) read as J and its three terms, each in its curve's colour. One line instead
 * of four keeps the chart's update light when a run ends and its rows reach the chart.
 */
export function termsTooltip(
  series: readonly { key: Term; name: string; color: string }[],
): (props: TooltipContentProps) => ReactNode {
  const runName = series[0].name;
  return function RunTooltip(props: TooltipContentProps) {
    const payload = props.payload?.flatMap((entry) =>
      entry.name === runName
        ? series.map((s) => ({
            ...entry,
            dataKey: s.key,
            name: s.name,
            color: s.color,
            stroke: s.color,
            value: (entry.payload as Partial<Record<Term, number>> | undefined)?.[s.key],
          }))
        : [entry],
    );
    return <DefaultTooltipContent {...props} payload={payload} />;
  };
}
