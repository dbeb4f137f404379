// A customer's total points over its approved ratings as a line (ECharts, loaded with this chunk
// only when the customer page shows a history of two ratings or more).
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { useI18n } from '@/lib/i18n';
import { useEChart } from '@/lib/use-echart';

echarts.use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

export default function ScoreChart({ series }: { series: { dates: string[]; points: number[]; grades: (string | null)[] } }) {
  const { t } = useI18n();
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'axis',
        formatter: (params: unknown) => {
          const p = (Array.isArray(params) ? params[0] : params) as { dataIndex: number; name: string } | undefined;
          if (!p) return '';
          const grade = series.grades[p.dataIndex] ?? t('rating.notRated');
          return `${p.name}<br/>${t('customerRating.pointsN', { n: series.points[p.dataIndex] ?? 0 })} · ${grade}`;
        },
      },
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: series.dates },
      yAxis: { type: 'value', name: t('rating.totalPoints'), min: 0 },
      series: [{ type: 'line', data: series.points, symbolSize: 8, label: { show: true } }],
    }),
    [series, t],
  );
  const ref = useEChart(option);

  return <div ref={ref} style={{ width: '100%', height: 220 }} data-testid="score-chart" role="img" aria-label={t('customerRating.chartLabel')} />;
}
