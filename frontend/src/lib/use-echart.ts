// One ECharts chart in a React element: drawn on the canvas when the option changes, resized
// with the window, disposed with the element. Each chart module registers the chart types it
// uses (`echarts.use`), so ECharts stays in the lazily loaded chunks of the pages that draw.
import type { EChartsCoreOption } from 'echarts/core';
import * as echarts from 'echarts/core';
import { useEffect, useRef } from 'react';

/** The ref of the element to draw `option` into (keep `option` stable: `useMemo`). */
export function useEChart(option: EChartsCoreOption) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return ref;
}
