// The key ratios across periods (ECharts, loaded with this chunk only when the financial
// statements are shown): the current ratio as bars on the left axis (a multiple), the debt
// ratio and net margin as lines on the right axis (%).
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useI18n } from '@/lib/i18n';
import type { RatioSeries } from '../lib/ratios';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export default function RatioChart({ series }: { series: RatioSeries }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    const current = t('dossier.ratio.current_ratio');
    const debt = t('dossier.ratio.debt_ratio');
    const margin = t('dossier.ratio.net_margin');
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (typeof v === 'number' ? String(v) : '—'),
      },
      legend: { top: 0 },
      grid: { left: 48, right: 56, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: series.periods },
      yAxis: [
        { type: 'value', name: current, nameTextStyle: { align: 'left' }, axisLabel: { formatter: '{value}' } },
        { type: 'value', name: '%', axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        { name: current, type: 'bar', yAxisIndex: 0, data: series.current, barMaxWidth: 36 },
        { name: debt, type: 'line', yAxisIndex: 1, data: series.debt, connectNulls: true, symbolSize: 8 },
        { name: margin, type: 'line', yAxisIndex: 1, data: series.margin, connectNulls: true, symbolSize: 8 },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [series, t]);

  return <div ref={ref} style={{ width: '100%', height: 280 }} data-testid="ratio-chart" role="img" aria-label={t('dossier.ratioChart')} />;
}
