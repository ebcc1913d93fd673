import type { ThemeConfig } from 'antd'

/** The portal's look: the deep government blue of Chinese service portals, plain and dense. */
export const BRAND = '#0b4a8b'

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND,
    colorLink: BRAND,
    borderRadius: 4,
    // Secondary text dark enough for WCAG AA (4.5:1) on white and on the grey page background.
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    // Placeholders too: antd's default (0.25 alpha) fails axe's contrast check in every select and input.
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorError: '#cf1322',
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Menu: { itemSelectedBg: '#e6eef8', itemSelectedColor: BRAND, itemActiveBg: '#e6eef8' },
    Layout: {
      headerBg: BRAND,
      headerHeight: 56,
      headerPadding: '0 16px',
      siderBg: '#ffffff',
      bodyBg: '#f0f2f5',
    },
  },
}
