/** The department officer's desk. */
export const department = {
  'dept.description': {
    zh: '{department}：填报本部门负责的指标数值，查看审核结果',
    en: '{department}: report your department’s indicator values and see how they were reviewed',
  },
  'dept.descriptionBureau': {
    zh: '填报部门报送类指标数值，查看审核结果',
    en: 'Report indicator values and see how they were reviewed',
  },
  'dept.submissions': { zh: '指标填报', en: 'indicator submissions' },
  'dept.noIndicators': {
    zh: '本部门暂无需要填报的指标。如指标目录中的责任部门有误，请联系规划监督科。',
    en: 'Your department has no indicator to report. If the catalog names the wrong department, tell the planning supervision office.',
  },
  'dept.tab.tasks': { zh: '我的任务', en: 'My tasks' },
  'dept.tab.form': { zh: '单项填报', en: 'Submit a value' },
  'dept.tab.batch': { zh: '批量上传', en: 'Upload a batch' },
  'dept.tab.history': { zh: '填报记录', en: 'History' },
  'dept.tasks.none': { zh: '暂无分派给本部门的任务。', en: 'No task is assigned to your department.' },
  'dept.submitted': {
    zh: '已提交（编号 {id}），等待规划部门审核',
    en: 'Submitted (no. {id}); waiting for the bureau’s review',
  },
  'dept.form.title': { zh: '填报一项指标值', en: 'Submit one value' },
  'dept.form.indicatorRequired': { zh: '请选择指标', en: 'Choose the indicator' },
  'dept.form.zoneRequired': { zh: '请选择区划或单元', en: 'Choose the zone' },
  'dept.form.yearRequired': { zh: '请填写年份', en: 'Enter the year' },
  'dept.form.valueRequired': { zh: '请填写数值', en: 'Enter the value' },
  'dept.form.unitRequired': { zh: '请填写单位', en: 'Enter the unit' },
  'dept.form.sourceHint': { zh: '如：2025年教育事业统计年报', en: 'e.g. 2025 education statistics yearbook' },
  'dept.form.evidence': { zh: '佐证材料', en: 'Evidence' },
  'dept.form.evidenceHint': { zh: '文件编号、链接或说明', en: 'Document number, link or note' },
  'dept.batch.title': { zh: '批量上传（CSV 或 Excel）', en: 'Upload a batch (CSV or Excel)' },
  'dept.batch.intro': {
    zh: '按模板填写后上传：表头可用中文或英文（指标代码、区划代码、年份、数值、单位、来源、佐证）。任何一行有错时，默认整批不写入，并在每行旁显示错误。',
    en: 'Fill in the template and upload it; headers in Chinese or English (indicator code, zone code, year, value, unit, source, evidence). If any row is wrong, by default nothing is written and each row shows its errors.',
  },
  'dept.batch.template': { zh: '下载模板', en: 'Download the template' },
  'dept.batch.acceptValid': {
    zh: '只写入正确的行（有错的行不写入）',
    en: 'Write the correct rows only (rows with errors are left out)',
  },
  'dept.batch.drop': { zh: '点击或拖拽文件到此处上传', en: 'Click or drop a file here to upload' },
  'dept.batch.hint': {
    zh: '支持 .csv（UTF-8）与 .xlsx，单个文件不超过 10 MB',
    en: '.csv (UTF-8) or .xlsx, up to 10 MB',
  },
  'dept.batch.rejected': {
    zh: '文件 {file} 未写入：{rows} 行共 {errors} 处错误',
    en: '{file} was not written: {errors} errors in {rows} rows',
  },
  'dept.batch.rejectedHint': {
    zh: '请按下表每行旁的提示更正后重新上传。',
    en: 'Correct each row as shown beside it, then upload again.',
  },
  'dept.batch.accepted': {
    zh: '文件 {file} 已提交 {count} 行，等待审核',
    en: '{file}: {count} rows submitted for review',
  },
  'dept.batch.partly': {
    zh: '另有 {errors} 处错误的行未写入，见下表。',
    en: '{errors} errors: those rows were not written, see below.',
  },
  'dept.batch.row': { zh: '行号', en: 'Row' },
  'dept.batch.field': { zh: '字段', en: 'Field' },
  'dept.batch.errors': { zh: '错误', en: 'Errors' },
  'dept.batch.rowOk': { zh: '正确', en: 'OK' },
  'dept.history.empty': { zh: '尚无填报记录。', en: 'Nothing submitted yet.' },
} as const;
