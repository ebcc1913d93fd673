import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

/** One named series of numbers, one number per category, drawn in `colour`. */
export interface Series {
  name: string
  values: number[]
  colour: string
  /** Drawn as a line on the right-hand axis (a percentage) instead of a stacked bar. */
  line?: boolean
}

/**
 * A chart of stacked bars (and optionally one line on a percentage axis) over categories; the table under
 * it carries the same numbers for screen readers (the canvas is labelled as an image). Clicking a category
 * calls `onPick` with its index.
 */
export function StackedChart(p: {
  categories: readonly string[]
  series: readonly Series[]
  label: string
  height?: number
  onPick?: (index: number) => void
}) {
  const box = useRef<HTMLDivElement>(null)
  const pick = useRef(p.onPick)
  pick.current = p.onPick
  const clickable = p.onPick !== undefined
  useEffect(() => {
    if (!box.current) return
    const chart = echarts.init(box.current)
    // Follows its box, not the window: the box settles after the menu and the card have laid out.
    const sizes = new ResizeObserver(() => chart.resize())
    sizes.observe(box.current)
    chart.on('click', (e) => pick.current?.(e.dataIndex))
    const hasLine = p.series.some((s) => s.line)
    chart.setOption({
      animation: false,
      grid: { left: 56, right: hasLine ? 48 : 16, top: 40, bottom: 56 },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: p.categories,
        axisLabel: { interval: 0, rotate: p.categories.length > 6 ? 30 : 0 },
      },
      yAxis: [
        { type: 'value', minInterval: 1 },
        ...(hasLine ? [{ type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }] : []),
      ],
      series: p.series.map((s) =>
        s.line
          ? { name: s.name, type: 'line', yAxisIndex: 1, data: s.values, itemStyle: { color: s.colour } }
          : {
              name: s.name,
              type: 'bar',
              stack: 'n',
              // A few categories (one institution, one district) are bars, not a wall of colour.
              barMaxWidth: 64,
              data: s.values,
              itemStyle: { color: s.colour },
              cursor: clickable ? 'pointer' : 'default',
            },
      ),
    })
    return () => {
      sizes.disconnect()
      chart.dispose()
    }
  }, [p.categories, p.series, clickable])
  return <div ref={box} role="img" aria-label={p.label} style={{ width: '100%', height: p.height ?? 300 }} />
}
