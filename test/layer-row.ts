/** A layer registry row for a test's features: internal, empty, written by 'test'. */
export function testLayer(code: string, table: 'land_survey' | 'road' | 'facility', regionCode = '99') {
  const now = new Date().toISOString();
  return {
    code,
    title: '测试',
    category: table,
    feature_table: table,
    region_code: regionCode,
    is_public: 0,
    feature_count: 0,
    created_at: now,
    updated_at: now,
    created_by: 'test',
  };
}
