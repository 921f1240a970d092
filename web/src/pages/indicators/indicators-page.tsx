import { PageTitle } from '../../components/page.js';

export default function Page() {
  return <PageTitle title="indicators" />;
}
