export const login = {
  'login.title': { zh: '用户登录', en: 'Sign in' },
  'login.username': { zh: '用户名', en: 'Username' },
  'login.password': { zh: '密码', en: 'Password' },
  'login.usernameRequired': { zh: '请输入用户名', en: 'Enter your username' },
  'login.passwordRequired': { zh: '请输入密码', en: 'Enter your password' },
  'login.submit': { zh: '登录', en: 'Sign in' },
  'login.toPortal': {
    zh: '社会公众请进入公众服务（无需登录）→',
    en: 'Members of the public: open the public portal (no sign-in) →',
  },
  'login.point.map': {
    zh: '一张图：规划成果、三区三线、现状调查，统一底图、按年份与版本对比',
    en: 'One map: plans, control lines and survey data on one base, compared by year and version',
  },
  'login.point.monitor': {
    zh: '指标监测：对照年度目标与规划期末目标，分级预警',
    en: 'Indicators: measured against this year’s expected value and the plan’s target, with graded warnings',
  },
  'login.point.checkup': {
    zh: '体检评估：问题、成因、对策、任务闭环管理',
    en: 'Check-up: problems, causes, countermeasures and tasks, tracked to the end',
  },
} as const;
