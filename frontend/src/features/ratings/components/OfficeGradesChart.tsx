// A run's final grades by office as stacked bars (ECharts, loaded with this chunk only when the
// run's page shows a computed run).
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { useI18n } from '@/lib/i18n';
import { useEChart } from '@/lib/use-echart';
import type { OfficeSeries } from '../lib/ratings';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = { a: '#52c41a', b: '#1677ff', c: '#fa8c16', notRated: '#bfbfbf' };

export default function OfficeGradesChart({ series }: { series: OfficeSeries }) {
  const { t } = useI18n();
  const option = useMemo(() => {
    const bar = (name: string, data: number[], color: string) => ({ name, type: 'bar' as const, stack: 'grades', barMaxWidth: 48, data, itemStyle: { color } });
    return {
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: series.offices },
      yAxis: { type: 'value', name: t('rating.chartAxis'), minInterval: 1 },
      series: [
        bar(t('rating.gradeA'), series.a, COLORS.a),
        bar(t('rating.gradeB'), series.b, COLORS.b),
        bar(t('rating.gradeC'), series.c, COLORS.c),
        bar(t('rating.notRated'), series.notRated, COLORS.notRated),
      ],
    };
  }, [series, t]);
  const ref = useEChart(option);

  return <div ref={ref} style={{ width: '100%', height: 300 }} data-testid="office-grades-chart" role="img" aria-label={t('rating.chartLabel')} />;
}
