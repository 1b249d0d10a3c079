import {
  Box,
  Button,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { CostDimension } from '@runway/plugin-aws-cost-common';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  DIMENSION_LABEL,
  RangePreset,
  VIEW_BY_DIMENSIONS,
} from '../../utils/selection';
import { CostSelection } from './useCostSelection';
import { CsvDownload } from './useCsvDownload';

/**
 * The toolbar above the trend: "View by", date range (with the custom
 * days), granularity and "Download CSV" for the current selection.
 */
export function CostControls(props: {
  selection: CostSelection;
  csv: CsvDownload;
}) {
  const { selection, csv } = props;
  const { custom, setCustom } = selection;
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 16 }}>
      <TextField
        select
        label="View by"
        value={selection.rootDimension}
        onChange={e => selection.viewBy(e.target.value as CostDimension)}
        inputProps={{ 'data-testid': 'view-by' }}
        style={{ minWidth: 160 }}
      >
        {VIEW_BY_DIMENSIONS.map(d => (
          <MenuItem key={d} value={d}>
            {DIMENSION_LABEL[d]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="Date range"
        value={selection.preset}
        onChange={e => selection.choosePreset(e.target.value as RangePreset)}
        style={{ minWidth: 180 }}
      >
        <MenuItem value="mtd">This month</MenuItem>
        <MenuItem value="30d">Last 30 days</MenuItem>
        <MenuItem value="6m">Last 6 months</MenuItem>
        <MenuItem value="12m">Last 12 months</MenuItem>
        <MenuItem value="custom">Custom</MenuItem>
      </TextField>
      {selection.preset === 'custom' && (
        <>
          <TextField
            type="date"
            label="From"
            value={custom.from}
            InputLabelProps={{ shrink: true }}
            onChange={e => setCustom({ ...custom, from: e.target.value })}
          />
          <TextField
            type="date"
            label="To"
            value={custom.to}
            InputLabelProps={{ shrink: true }}
            onChange={e => setCustom({ ...custom, to: e.target.value })}
          />
        </>
      )}
      <ToggleButtonGroup
        size="small"
        exclusive
        value={selection.granularity}
        onChange={(_e, value) => value && selection.setGranularity(value)}
      >
        <ToggleButton value="daily">Daily</ToggleButton>
        <ToggleButton value="monthly">Monthly</ToggleButton>
      </ToggleButtonGroup>
      <Button
        variant="outlined"
        color="primary"
        onClick={csv.download}
        disabled={csv.downloading}
      >
        {csv.downloading ? 'Preparing CSV…' : 'Download CSV'}
      </Button>
      {csv.error && (
        <Typography color="error" variant="body2">
          CSV export failed: {csv.error.message}
        </Typography>
      )}
    </Box>
  );
}
