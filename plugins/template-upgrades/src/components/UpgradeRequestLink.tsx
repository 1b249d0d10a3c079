import { Link } from '@backstage/core-components';
import { UpgradeRequest } from '@runway/plugin-template-upgrades-common';
import { requestName, requestUrl } from '../utils/format';

/** An upgrade request by name: a link to its page, or its local branch. */
export function UpgradeRequestLink(props: { request: UpgradeRequest }) {
  const url = requestUrl(props.request);
  const name = requestName(props.request);
  return url ? (
    <Link to={url} target="_blank" rel="noopener noreferrer">
      {name}
    </Link>
  ) : (
    <>{name}</>
  );
}
