import { createContext, type ReactNode, useContext, useMemo, useState } from 'react'
import { en } from './en.js'
import { type Messages, zh } from './zh.js'

const KEY = 'xueshi.lang'
const I18n = createContext<{ t: Messages; toggle: () => void }>({ t: zh, toggle: () => {} })

/** The chosen language (Chinese unless the English toggle was used), kept in localStorage. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState(() => (localStorage.getItem(KEY) === 'en' ? 'en' : 'zh'))
  const value = useMemo(
    () => ({
      t: lang === 'en' ? en : zh,
      toggle: () => {
        const next = lang === 'en' ? 'zh' : 'en'
        localStorage.setItem(KEY, next)
        document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN'
        setLang(next)
      },
    }),
    [lang],
  )
  return <I18n.Provider value={value}>{children}</I18n.Provider>
}

export const useT = () => useContext(I18n)
