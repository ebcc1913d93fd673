import { DeleteOutlined, EditOutlined, SaveOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, App, Button, Empty, Form, Input, Modal, Popconfirm, Select, Space } from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type Saved =
  paths['/api/statistics/queries']['get']['responses'][200]['content']['application/json']['items'][number]
export type Definition = Saved['definition']
/** Saved queries a select lists (an organisation keeps a few). */
const MOST = 200

/**
 * 常用查询: the organisation's saved statistics views. Choosing one applies its grouping, scope and measures to
 * the year on screen (so the same query reruns next year); the current view can be saved under a name; the
 * chosen one can be renamed or, after a confirmation, deleted.
 */
export function SavedQueries({
  current,
  onApply,
}: {
  current: Definition
  onApply: (d: Definition) => void
}) {
  const { t } = useT()
  const k = t.savedQueries
  const { message } = App.useApp()
  const client = useQueryClient()
  const [form] = Form.useForm<{ name: string }>()
  const [chosen, setChosen] = useState<string>()
  const [editing, setEditing] = useState<'save' | 'rename'>()
  const [formError, setFormError] = useState<string>()

  const list = useQuery({
    queryKey: ['saved-queries'],
    queryFn: async () =>
      dataOf(
        await api.GET('/api/statistics/queries', {
          params: { query: { page: '1', pageSize: String(MOST) } },
        }),
      ),
  })
  const items = list.data?.items ?? []
  const selected = items.find((q) => q.id === chosen)
  const refresh = () => client.invalidateQueries({ queryKey: ['saved-queries'] })

  const write = useMutation({
    mutationFn: async (name: string) =>
      editing === 'rename' && selected
        ? dataOf(
            await api.PUT('/api/statistics/queries/{id}', {
              params: { path: { id: selected.id } },
              body: { name, definition: selected.definition },
            }),
          )
        : dataOf(await api.POST('/api/statistics/queries', { body: { name, definition: current } })),
    onSuccess: (q) => {
      message.success(editing === 'rename' ? k.renamed : k.saved(q.name))
      setChosen(q.id)
      setEditing(undefined)
      void refresh()
    },
    onError: (e) => setFormError(showApiError(form, e)),
  })
  const remove = useMutation({
    mutationFn: async (q: Saved) =>
      dataOf(await api.DELETE('/api/statistics/queries/{id}', { params: { path: { id: q.id } } })),
    onSuccess: (_, q) => {
      message.success(k.deleted(q.name))
      setChosen(undefined)
      void refresh()
    },
    onError: (e) => message.error(e instanceof Error ? e.message : String(e)),
  })

  const open = (mode: 'save' | 'rename') => {
    setFormError(undefined)
    form.setFieldsValue({ name: mode === 'rename' ? (selected?.name ?? '') : '' })
    setEditing(mode)
  }

  return (
    <Space wrap>
      <Select
        aria-label={k.label}
        placeholder={k.placeholder}
        style={{ width: 220 }}
        loading={list.isLoading}
        value={chosen}
        options={items.map((q) => ({ value: q.id, label: q.name }))}
        notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={k.empty} />}
        onChange={(id: string) => {
          setChosen(id)
          const q = items.find((i) => i.id === id)
          if (q) onApply(q.definition)
        }}
      />
      <Button icon={<SaveOutlined />} onClick={() => open('save')}>
        {k.save}
      </Button>
      <Button icon={<EditOutlined />} disabled={!selected} onClick={() => open('rename')}>
        {k.rename}
      </Button>
      <Popconfirm
        title={k.deleteTitle(selected?.name ?? '')}
        description={k.deleteBody}
        okText={k.deleteOk}
        cancelText={k.cancel}
        okButtonProps={{ danger: true, loading: remove.isPending }}
        disabled={!selected}
        onConfirm={() => (selected ? remove.mutateAsync(selected).catch(() => undefined) : undefined)}
      >
        <Button danger icon={<DeleteOutlined />} disabled={!selected}>
          {k.delete}
        </Button>
      </Popconfirm>
      <Modal
        open={editing !== undefined}
        title={editing === 'rename' ? k.renameTitle : k.saveTitle}
        okText={editing === 'rename' ? k.renameOk : k.saveOk}
        cancelText={k.cancel}
        confirmLoading={write.isPending}
        onOk={() => form.submit()}
        onCancel={() => setEditing(undefined)}
        forceRender
      >
        {editing === 'save' && (
          <Alert type="info" showIcon message={k.saveHint} style={{ marginBottom: 16 }} />
        )}
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => {
            setFormError(undefined)
            write.mutate(v.name.trim())
          }}
        >
          <Form.Item
            name="name"
            label={k.name}
            rules={[
              { required: true, whitespace: true, message: k.nameRequired },
              { max: 40, message: k.nameTooLong },
            ]}
          >
            <Input maxLength={40} showCount autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  )
}
