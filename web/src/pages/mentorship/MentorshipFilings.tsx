import { useMutation, useQueryClient } from '@tanstack/react-query'
import { App, Button, Popconfirm, Space, Tooltip } from 'antd'
import { api, dataOf } from '../../api/client.js'
import { PageHeading } from '../../components/PageHeading.js'
import { useT } from '../../i18n/i18n.js'
import { useSession } from '../../session.js'
import { MENTORSHIPS, type Mentorship, MentorshipList } from './MentorshipList.js'

/**
 * 导师制备案 (鲁人社发〔2016〕10号 （十九）「经各设区的市人力资源社会保障部门备案」): the HR department sees the
 * mentorships of its region's employers, waiting ones first, and files one after a confirmation. Only a city's
 * HR department files (the API refuses the others); a province's or county's sees the button disabled, with why.
 */
export default function MentorshipFilings() {
  const { t } = useT()
  const k = t.mentorshipPage
  const { message } = App.useApp()
  const client = useQueryClient()
  const session = useSession()
  const mayFile = session.data?.organisationLevel === 'city'
  const file = useMutation({
    mutationFn: async (m: Mentorship) =>
      dataOf(await api.POST('/api/mentorships/{id}/file', { params: { path: { id: m.id } } })),
    onSuccess: async (_, m) => {
      message.success(k.filed(m.title))
      await client.invalidateQueries({ queryKey: [MENTORSHIPS] })
    },
    onError: (e) => message.error(e.message),
  })
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeading crumb={k.crumb} title={k.filingsTitle} intro={k.filingsIntro} />
      <MentorshipList
        statuses={['submitted', 'filed', 'evaluated', undefined]}
        initial="submitted"
        showEmployer
        actions={(m) =>
          m.status === 'submitted' &&
          (!mayFile ? (
            <Tooltip title={k.fileCityOnly}>
              <Button size="small" disabled>
                {k.file}
              </Button>
            </Tooltip>
          ) : (
            <Popconfirm
              title={k.fileConfirm(m.title)}
              description={k.fileConfirmBody}
              okText={k.file}
              cancelText={k.cancel}
              onConfirm={() => file.mutateAsync(m).catch(() => undefined)}
            >
              <Button size="small" type="primary" loading={file.isPending && file.variables?.id === m.id}>
                {k.file}
              </Button>
            </Popconfirm>
          ))
        }
      />
    </Space>
  )
}
