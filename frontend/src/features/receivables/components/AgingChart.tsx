// The open balance per aging bucket as bars (ECharts, loaded with this chunk only when the AR
// aging page shows figures): not yet due first, then each bucket of days past due, in 元.
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useEChart } from '@/lib/use-echart';
import type { AgingSeries } from '../lib/aging';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

// Not yet due in the calm colour, then warmer the older the debt.
const COLORS = ['#52c41a', '#fadb14', '#faad14', '#fa8c16', '#fa541c', '#f5222d', '#a8071a', '#5c0011'];

/** An axis tick in 元: `50000` → `5万` (zh-CN) / `50k` (en). */
function axisAmount(v: number, lang: 'zh-CN' | 'en'): string {
  if (lang === 'en') return Math.abs(v) >= 1_000 ? `${v / 1_000}k` : String(v);
  return Math.abs(v) >= 10_000 ? `${v / 10_000}万` : String(v);
}

export default function AgingChart({ series }: { series: AgingSeries }) {
  const { t, lang } = useI18n();
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        // The exact amount from the fen of the bar, not the float plotted.
        formatter: (params: unknown) => {
          const p = (Array.isArray(params) ? params[0] : params) as { dataIndex: number; name: string } | undefined;
          return p ? `${p.name}<br/>${formatFen(series.fen[p.dataIndex] ?? 0)}` : '';
        },
      },
      grid: { left: 72, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: series.labels },
      yAxis: { type: 'value', name: t('aging.chartAxis'), axisLabel: { formatter: (v: number) => axisAmount(v, lang) } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 48,
          data: series.fen.map((fen, i) => ({ value: fen / 100, itemStyle: { color: COLORS[Math.min(i, COLORS.length - 1)] } })),
        },
      ],
    }),
    [series, t, lang],
  );
  const ref = useEChart(option);

  return <div ref={ref} style={{ width: '100%', height: 280 }} data-testid="aging-chart" role="img" aria-label={t('aging.chartLabel')} />;
}
