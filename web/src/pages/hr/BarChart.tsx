import { BarChart as Bars } from 'echarts/charts'
import { GridComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

// Only the parts the overview draws, to keep the bundle small.
echarts.use([Bars, GridComponent, TooltipComponent, CanvasRenderer])

export interface Bar {
  key: string
  name: string
  compliant: number
  notCompliant: number
  rate: number
}

/**
 * Stacked bars of compliant and not compliant persons, one per line; the table under it carries the same
 * numbers for screen readers (the canvas is labelled as an image). Clicking a bar calls `onPick`.
 */
export function BarChart(p: {
  bars: readonly Bar[]
  label: string
  compliantName: string
  notCompliantName: string
  rateName: string
  onPick?: (key: string) => void
}) {
  const box = useRef<HTMLDivElement>(null)
  const pick = useRef(p.onPick)
  pick.current = p.onPick
  const clickable = p.onPick !== undefined
  useEffect(() => {
    if (!box.current) return
    const chart = echarts.init(box.current)
    const resize = () => chart.resize()
    window.addEventListener('resize', resize)
    chart.on('click', (e) => {
      const bar = p.bars[e.dataIndex]
      if (bar) pick.current?.(bar.key)
    })
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 16, top: 16, bottom: 56 },
      tooltip: {
        trigger: 'axis',
        formatter: (items: { dataIndex: number }[]) => {
          const b = p.bars[items[0]?.dataIndex ?? 0]
          return b
            ? `${b.name}<br/>${p.compliantName}：${b.compliant}<br/>${p.notCompliantName}：${b.notCompliant}<br/>${p.rateName}：${b.rate}%`
            : ''
        },
      },
      xAxis: {
        type: 'category',
        data: p.bars.map((b) => b.name),
        axisLabel: { interval: 0, rotate: p.bars.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: p.compliantName,
          type: 'bar',
          stack: 'n',
          data: p.bars.map((b) => b.compliant),
          itemStyle: { color: '#389e0d' },
          cursor: clickable ? 'pointer' : 'default',
        },
        {
          name: p.notCompliantName,
          type: 'bar',
          stack: 'n',
          data: p.bars.map((b) => b.notCompliant),
          itemStyle: { color: '#d4380d' },
          cursor: clickable ? 'pointer' : 'default',
        },
      ],
    })
    return () => {
      window.removeEventListener('resize', resize)
      chart.dispose()
    }
  }, [p.bars, p.compliantName, p.notCompliantName, p.rateName, clickable])
  return <div ref={box} role="img" aria-label={p.label} style={{ width: '100%', height: 260 }} />
}
