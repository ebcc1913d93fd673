/** The demo: one city of each seeded jurisdiction, with its departments, employers and institutions. */

export interface DemoCity {
  code: string
  name: string
  counties: string[]
  persons: number
  hr: { name: string; province?: { code: string; name: string } }
  authority: { name: string; industry: string }
  institution: { name: string; level: 'city' | 'provincial'; categories: string[] }
  employers: { name: string; county: string; series: string[]; category: '9' | '1'; industry: string }[]
}

export const DEMO_CITIES: DemoCity[] = [
  {
    code: '320400',
    name: '常州市',
    counties: ['320402', '320404', '320411', '320412', '320413', '320481'],
    persons: 200,
    hr: {
      name: '常州市人力资源和社会保障局',
      province: { code: '320000', name: '江苏省人力资源和社会保障厅' },
    },
    authority: { name: '常州市住房和城乡建设局', industry: '建筑' },
    institution: {
      name: '常州市专业技术人员继续教育基地（常州工学院）',
      level: 'city',
      categories: ['工程技术', '经济'],
    },
    employers: [
      {
        name: '常州天宁精密机械有限公司',
        county: '320402',
        series: ['engineering', 'economics'],
        category: '9',
        industry: '机械',
      },
      {
        name: '常州武进建设工程有限公司',
        county: '320412',
        series: ['engineering', 'accounting'],
        category: '9',
        industry: '建筑',
      },
      { name: '常州市第一人民医院', county: '320402', series: ['health'], category: '1', industry: '卫生' },
      {
        name: '常州市新北区实验中学',
        county: '320411',
        series: ['education'],
        category: '1',
        industry: '教育',
      },
    ],
  },
  {
    code: '370200',
    name: '青岛市',
    counties: ['370202', '370203', '370211', '370212', '370213', '370214'],
    persons: 180,
    hr: { name: '青岛市人力资源和社会保障局' },
    authority: { name: '青岛市卫生健康委员会', industry: '卫生' },
    institution: {
      name: '青岛市专业技术人员继续教育基地（青岛大学）',
      level: 'city',
      categories: ['卫生', '工程技术'],
    },
    employers: [
      {
        name: '青岛海岸电子科技有限公司',
        county: '370211',
        series: ['engineering', 'economics'],
        category: '9',
        industry: '电子',
      },
      { name: '青岛市市立医院', county: '370202', series: ['health'], category: '1', industry: '卫生' },
      {
        name: '青岛崂山会计师事务所有限公司',
        county: '370212',
        series: ['accounting'],
        category: '9',
        industry: '商务服务',
      },
    ],
  },
  {
    code: '360100',
    name: '南昌市',
    counties: ['360102', '360103', '360104', '360111', '360112'],
    persons: 120,
    hr: { name: '南昌市人力资源和社会保障局' },
    authority: { name: '南昌市教育局', industry: '教育' },
    institution: {
      name: '江西省专业技术人员继续教育基地（南昌大学）',
      level: 'provincial',
      categories: ['教师', '工程技术'],
    },
    employers: [
      {
        name: '江西赣江建设集团有限公司',
        county: '360102',
        series: ['engineering', 'economics'],
        category: '9',
        industry: '建筑',
      },
      { name: '南昌市第三中学', county: '360103', series: ['education'], category: '1', industry: '教育' },
      { name: '南昌大学第一附属医院', county: '360102', series: ['health'], category: '1', industry: '卫生' },
    ],
  },
]

export const DEMO_AGENCY = { name: '常州市人才服务中心', county: '320402' }

export const SURNAMES = Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
)
export const GIVEN = Array.from(
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰飞鹏辉宇浩然子轩梓涵一诺欣怡雨泽思远嘉怡晨曦若曦博文',
)
/** Names with characters outside the Basic Multilingual Plane (生僻字), which every screen must show. */
export const RARE_NAMES = ['王𬌗', '李𬱖', '陶𬍤', '吉𠮷']

/** The departments (科室/部门) of a demo employer, by its industry; staff are placed in turn. */
export const DEPARTMENTS: Record<string, string[]> = {
  机械: ['技术研发部', '生产制造部', '质量管理部', '设备动力部'],
  建筑: ['工程技术部', '项目管理部', '安全质量部', '财务部'],
  卫生: ['内科', '外科', '医学检验科', '护理部'],
  教育: ['语文教研组', '数学教研组', '理科教研组', '教务处'],
  电子: ['研发中心', '制造工程部', '质量部'],
  商务服务: ['咨询部', '综合管理部'],
}

/** Demo accounts: one per role; the passwords are for the demo only. */
export const DEMO_PASSWORD = {
  person: 'Demo-Person-2026',
  employer: 'Demo-Employer-2026',
  agency: 'Demo-Agency-2026',
  institution: 'Demo-Institution-2026',
  authority: 'Demo-Authority-2026',
  hr_department: 'Demo-HR-2026',
} as const
