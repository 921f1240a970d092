import { OneMap } from '../map/one-map.js';

export default function PortalPage() {
  return <OneMap publicMode />;
}
